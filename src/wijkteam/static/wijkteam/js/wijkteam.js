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

// Idle timeout: warn one minute before the server ends the session (IdleTimeoutMiddleware);
// "Stay signed in" posts to the keep-alive endpoint. Without JavaScript the server still
// signs out after the timeout.
document.addEventListener("DOMContentLoaded", () => {
  const body = document.body;
  const timeout = Number(body.dataset.idleTimeout || 0);
  const warning = document.getElementById("idle-warning");
  const stay = document.getElementById("idle-warning-stay");
  if (!timeout || !warning || !stay) return;
  let warnTimer = null;
  let endTimer = null;
  let returnFocus = null;

  const hide = () => {
    if (warning.hidden) return;
    warning.hidden = true;
    if (returnFocus && returnFocus.isConnected) returnFocus.focus();
  };
  const show = () => {
    returnFocus = document.activeElement;
    warning.hidden = false;
    stay.focus();
  };
  const schedule = () => {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    hide();
    warnTimer = setTimeout(show, Math.max(0, timeout - 60) * 1000);
    // Past the timeout the server has ended the session: reload to show the login page.
    endTimer = setTimeout(() => window.location.reload(), (timeout + 2) * 1000);
  };

  stay.addEventListener("click", () => {
    let headers = {};
    try {
      headers = JSON.parse(body.getAttribute("hx-headers") || "{}");
    } catch (error) {
      headers = {};
    }
    fetch(body.dataset.keepAliveUrl, {
      method: "POST",
      headers: headers,
      credentials: "same-origin",
      redirect: "manual",
    }).then((response) => {
      if (response.status === 204) schedule();
      else window.location.reload();
    }, () => window.location.reload());
  });
  // Every htmx request counts as activity on the server too.
  document.addEventListener("htmx:afterRequest", schedule);
  schedule();
});
