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
  // Escape leaves the search box. They act wherever the focus is, except while the person types in a
  // field (the search box does not take the focus on load, so "n" never types into it). On an Arabic
  // keyboard the same keys give other letters; each maps back to its key, and none of them is another
  // shortcut's letter: n→ى, j→ت, k→ن, /→ظ (Arabic 101 layout).
  var ARABIC_LAYOUT = { "\u0649": "n", "\u062a": "j", "\u0646": "k", "\u0638": "/" };
  function shortcutKey(event) {
    var key = event.key || "";
    if (Object.prototype.hasOwnProperty.call(ARABIC_LAYOUT, key)) return ARABIC_LAYOUT[key];
    return key.length === 1 ? key.toLowerCase() : key;
  }
  function typingIn(target) {
    if (!target || !target.tagName) return false;
    if (target.isContentEditable) return true;
    if (target.tagName === "TEXTAREA" || target.tagName === "SELECT") return true;
    if (target.tagName !== "INPUT") return false;
    return !/^(button|submit|reset|checkbox|radio|file|image|range|color|hidden)$/i.test(target.type || "text");
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    var target = event.target;
    if (typingIn(target)) {
      if (event.key === "Escape" && target.id === "console-q") target.blur();
      return;
    }
    if (!document.querySelector("[data-shortcuts]")) return;
    var key = shortcutKey(event);
    if (key === "/") {
      var search = document.getElementById("console-q");
      if (search) { event.preventDefault(); search.focus(); search.select(); }
    } else if (key === "n" && !event.shiftKey) {
      var link = document.getElementById("new-case");
      if (link) { event.preventDefault(); window.location.href = link.href; }
    } else if (key === "j" || key === "k") {
      var links = Array.prototype.slice.call(document.querySelectorAll(".case-row a.stretched-link"));
      if (!links.length) return;
      var index = links.indexOf(document.activeElement);
      index = key === "j" ? Math.min(index + 1, links.length - 1) : Math.max(index - 1, 0);
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
