// Service picker: a highlighted match (a button with data-service-pick) chooses that service in
// the picker's <select>, which then loads the service's form as if the clerk had chosen it there.
document.addEventListener("click", (event) => {
  const pick = event.target.closest("[data-service-pick]");
  if (!pick) return;
  const select = document.getElementById(pick.dataset.target || "service");
  if (!select) return;
  select.value = pick.dataset.servicePick;
  select.dispatchEvent(new Event("change", { bubbles: true }));
});

// Search as you type replaces the picker's options; a service the clerk chose while the search was
// on its way stays chosen (the answer was computed before the choice).
let chosenBeforeSwap = "";
document.addEventListener("htmx:beforeSwap", (event) => {
  if (event.detail.target && event.detail.target.id === "service") chosenBeforeSwap = event.detail.target.value;
});
document.addEventListener("htmx:afterSwap", (event) => {
  const select = event.detail.target;
  if (!select || select.id !== "service" || !chosenBeforeSwap) return;
  if ([...select.options].some((option) => option.value === chosenBeforeSwap)) select.value = chosenBeforeSwap;
});
