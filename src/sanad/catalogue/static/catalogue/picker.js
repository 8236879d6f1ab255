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
