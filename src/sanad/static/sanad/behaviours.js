/* Small page behaviours declared with data attributes, so that no page needs inline script
   (the Content-Security-Policy allows scripts from our own static files only).
     data-submit-on-change   on a field: submit its form when the value changes
     data-print              on a button: open the print dialog
     data-confirm="…"        on a form: ask before submitting */
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
})();
