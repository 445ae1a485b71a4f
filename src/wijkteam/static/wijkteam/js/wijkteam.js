// Progressive enhancement only: every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to the error summary after a failed form submission.
  const errors = document.getElementById("form-errors");
  if (errors) errors.focus();
});

// The same after an htmx swap that brought a form with errors (e.g. the quick contact form
// on a case page). An outerHTML swap replaces the target, so look it up again by its id.
document.addEventListener("htmx:afterSettle", (event) => {
  const target = event.detail.target;
  const root = target && target.isConnected ? target : target && document.getElementById(target.id);
  const errors = root && root.querySelector("#form-errors");
  if (errors) errors.focus();
});
