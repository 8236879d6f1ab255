/* Cases pages: copy a reference, keyboard shortcuts on the console, the counter's citizen lookup. */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var source = document.querySelector(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) return;
    navigator.clipboard.writeText(source.textContent.trim()).then(function () {
      var label = button.querySelector(".copy-label");
      if (label) {
        var before = label.textContent;
        label.textContent = button.getAttribute("data-copied") || "✓";
        setTimeout(function () { label.textContent = before; }, 1500);
      }
    });
  });

  // Shortcuts (documented on the console): "/" search, "n" new case, "j"/"k" move through rows,
  // Escape leaves the search box (which has the focus when the page opens).
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (typing) {
      if (event.key === "Escape" && target.id === "console-q") target.blur();
      return;
    }
    var shortcuts = document.querySelector("[data-shortcuts]");
    if (!shortcuts) return;
    if (event.key === "/") {
      var search = document.getElementById("console-q");
      if (search) { event.preventDefault(); search.focus(); search.select(); }
    } else if (event.key === "n" || event.key === "ن") {
      var link = document.getElementById("new-case");
      if (link) { event.preventDefault(); window.location.href = link.href; }
    } else if (event.key === "j" || event.key === "k") {
      var links = Array.prototype.slice.call(document.querySelectorAll(".case-row a.stretched-link"));
      if (!links.length) return;
      var index = links.indexOf(document.activeElement);
      index = event.key === "j" ? Math.min(index + 1, links.length - 1) : Math.max(index - 1, 0);
      event.preventDefault();
      links[index].focus();
    }
  });
})();

/* "Nearest first": the browser's position, only when the person asks for it. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-locate]");
    if (!button || !navigator.geolocation) return;
    event.preventDefault();
    var status = document.getElementById(button.getAttribute("data-status") || "");
    if (status) status.textContent = button.getAttribute("data-waiting") || "";
    navigator.geolocation.getCurrentPosition(
      function (position) {
        var url = new URL(window.location.href);
        url.searchParams.set("lat", position.coords.latitude.toFixed(5));
        url.searchParams.set("lon", position.coords.longitude.toFixed(5));
        url.searchParams.delete("wilayat");
        window.location.href = url.toString();
      },
      function () {
        if (status) status.textContent = button.getAttribute("data-failed") || "";
      },
      { timeout: 10000, maximumAge: 600000 }
    );
  });
})();

/* At the counter: the civil number typed in step 1 fills the form's own civil number field, unless
   the clerk typed something else there. */
(function () {
  "use strict";
  var last = "";
  document.addEventListener("input", function (event) {
    if (!event.target || event.target.id !== "id_number") return;
    var value = event.target.value.trim();
    document.querySelectorAll("input[data-citizen-id]").forEach(function (input) {
      if (!input.value || input.value === last) input.value = value;
    });
    last = value;
  });
})();
