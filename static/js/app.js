// Sammen's own script: focus and announcements after htmx swaps. Everything works without it.
(function () {
  "use strict";

  // After a swap that shows errors or a result, move focus to it so screen readers and
  // keyboard users land where the change is.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    var focusable = target.querySelector("[data-focus-after-swap]") ||
      (target.matches && target.matches("[data-focus-after-swap]") ? target : null);
    if (focusable) {
      focusable.focus();
    }
  });

  // A failed request (network down, server error): say so in the live region instead of
  // leaving the button silent.
  document.addEventListener("htmx:sendError", announceFailure);
  document.addEventListener("htmx:responseError", announceFailure);

  function announceFailure() {
    var region = document.getElementById("messages");
    if (!region) { return; }
    var text = region.getAttribute("data-request-failed");
    region.innerHTML = "";
    var alert = document.createElement("div");
    alert.className = "alert alert-error alert--paragraph mt-5";
    var body = document.createElement("div");
    body.className = "alert-body";
    var p = document.createElement("p");
    p.className = "alert-text";
    p.textContent = text;
    body.appendChild(p);
    alert.appendChild(body);
    region.appendChild(alert);
  }
})();
