/* The queue console: one key (Space, outside text boxes) calls the next ticket. */
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName))) return;
    if (event.code === "Space") {
      var form = document.getElementById("call-next-form");
      if (form) {
        event.preventDefault();
        form.requestSubmit();
      }
    }
  });
})();
