// Sammen's own script: focus and announcements around htmx swaps. Everything works without it.
(function () {
  "use strict";

  // A form came back with errors (after a swap, or as a whole page): move focus to the
  // error summary, so screen reader and keyboard users land where the change is.
  function focusSummary() {
    var summary = document.querySelector("[data-focus-after-swap]");
    if (summary) {
      summary.focus();
    }
  }
  document.addEventListener("htmx:afterSettle", focusSummary);
  document.addEventListener("DOMContentLoaded", focusSummary);
  // Markers left by an earlier swap elsewhere on the page (another card) would win over the
  // new one, so they go when a new request starts.
  document.addEventListener("htmx:beforeRequest", function () {
    document.querySelectorAll("[data-focus-after-swap]").forEach(function (element) {
      element.removeAttribute("data-focus-after-swap");
    });
  });

  // A failed request (network down, server error): say so in the live region instead of
  // leaving the button silent.
  function announceFailure(event) {
    var region = document.getElementById("messages");
    if (!region) { return; }
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    var alert = document.createElement("div");
    alert.className = "alert alert-error alert--paragraph mt-5";
    var body = document.createElement("div");
    body.className = "alert-body";
    var text = document.createElement("p");
    text.className = "alert-text";
    text.textContent = region.getAttribute(
      status === 429 ? "data-too-many-requests" : "data-request-failed");
    body.appendChild(text);
    alert.appendChild(body);
    region.replaceChildren(alert);
  }
  document.addEventListener("htmx:sendError", announceFailure);
  document.addEventListener("htmx:responseError", announceFailure);
})();
