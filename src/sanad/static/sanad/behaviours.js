/* Small page behaviours declared with data attributes, so that no page needs inline script
   (the Content-Security-Policy allows scripts from our own static files only).
     data-submit-on-change   on a field: submit its form when the value changes
     data-print              on a button: open the print dialog
     data-confirm="…"        on a form: ask before submitting
     data-print-on-load      on <body>: open the print dialog as soon as the page has loaded (the
                             80 mm receipt slip prints straight away)
   and, without any attribute: a scrolling box (a wide table on a phone) can take the keyboard
   focus, so that it can be scrolled without a mouse. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target.closest("[data-submit-on-change]");
    if (field && field.form) {
      if (field.form.requestSubmit) { field.form.requestSubmit(); } else { field.form.submit(); }
    }
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) { window.print(); }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) { event.preventDefault(); }
  }, true);

  var SCROLLERS = ".table-responsive, .overflow-auto, .overflow-x-auto, .overflow-y-auto, [data-scrollable]";
  function focusableScrollers() {
    Array.prototype.forEach.call(document.querySelectorAll(SCROLLERS), function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.dataset.madeFocusable = "";
      } else if (!scrolls && box.dataset.madeFocusable !== undefined) {
        box.removeAttribute("tabindex");
        delete box.dataset.madeFocusable;
      }
    });
  }
  var resizing;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(focusableScrollers, 100);
  });
  document.addEventListener("htmx:afterSettle", focusableScrollers);
  document.addEventListener("DOMContentLoaded", focusableScrollers);
  window.addEventListener("load", function () {
    focusableScrollers();
    if (document.body && document.body.hasAttribute("data-print-on-load")) { window.print(); }
  });
})();
