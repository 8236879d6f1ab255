/* The waiting-room board: a clock, and (once switched on, since browsers need a tap before they
   speak) a spoken call through the browser's speech synthesis for every new call. */
(function () {
  "use strict";
  var voiceOn = false;
  var seen = null;
  var button = document.getElementById("board-voice");
  var clock = document.getElementById("board-clock");

  function tick() {
    if (clock) clock.textContent = new Date().toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
  }
  tick();
  setInterval(tick, 15000);

  function latest() {
    var row = document.querySelector("[data-testid=now-serving]");
    return row ? { id: row.dataset.call, ticket: row.dataset.ticket, counter: row.dataset.counter } : null;
  }

  function speak(call) {
    if (!voiceOn || !("speechSynthesis" in window) || !button) return;
    var spelled = call.ticket.replace("-", " ");
    var text = button.dataset.sayTicket + " " + spelled + "، " + button.dataset.sayCounter + " " + call.counter;
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = "ar";
    window.speechSynthesis.speak(utterance);
  }

  var first = latest();
  seen = first ? first.id : null;
  document.body.addEventListener("htmx:afterSwap", function () {
    var call = latest();
    if (call && call.id !== seen) {
      seen = call.id;
      var row = document.querySelector("[data-testid=now-serving]");
      if (row) row.classList.add("board-flash");
      speak(call);
    }
  });
  if (button) {
    button.addEventListener("click", function () {
      voiceOn = !voiceOn;
      button.setAttribute("aria-pressed", voiceOn ? "true" : "false");
      button.classList.toggle("active", voiceOn);
    });
  }
})();
