// Progressive enhancement only: every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to the error summary after a failed form submission.
  const errors = document.getElementById("form-errors");
  if (errors) errors.focus();
});
