// The installable app: registers the service worker, turns buttons off on a page the service
// worker shows from its offline copy, and offers to install Sammen on the profile page.
(function () {
  "use strict";

  var script = document.currentScript;
  if ("serviceWorker" in navigator && script && script.getAttribute("data-worker")) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register(script.getAttribute("data-worker"), { scope: "/" })
        .catch(function () { /* no offline copy then; the app works the same online */ });
      // Nobody is logged in here (logged out, or the login ran out): the service worker
      // forgets the kept pages, also when the log-out itself did not pass through it.
      var loggedOut = !document.querySelector(".app-logout") &&
        !document.querySelector("[data-reload]");
      if (loggedOut && navigator.serviceWorker.controller) {
        navigator.serviceWorker.controller.postMessage("forget-pages");
      }
    });
  }

  // A kept copy shown offline: the service worker marked it (data-served="cache") and
  // showed the note. Every button in the page is turned off, and says why next to it.
  function markOffline() {
    var note = document.querySelector('#offline-note[data-served="cache"]');
    if (!note) { return; }
    note.hidden = false;
    // Messages of the moment the copy was made ("You are signed up") are not news now.
    var messages = document.getElementById("messages");
    if (messages) { messages.replaceChildren(); }
    var why = note.getAttribute("data-unavailable");
    var main = document.getElementById("main-content");
    var controls = main.querySelectorAll(
      "form button, form input[type=submit], a.button, a[download]");
    Array.prototype.forEach.call(controls, function (control) {
      if (note.contains(control)) { return; }
      var link = control.tagName === "A";
      if (link) {
        control.removeAttribute("href");
        control.removeAttribute("hx-get");
        control.setAttribute("aria-disabled", "true");
        control.classList.add("app-offline-disabled");
      } else {
        control.disabled = true;
      }
      // A plain link (a calendar file) needs no words of its own: the note says it.
      if (link && !control.classList.contains("button")) { return; }
      var reason = document.createElement("span");
      reason.className = "app-offline-why";
      reason.textContent = why;
      control.insertAdjacentElement("afterend", reason);
    });
  }

  // The offline page's "Try again" button.
  function offerReload() {
    var button = document.querySelector("[data-reload]");
    if (!button) { return; }
    button.hidden = false;
    button.addEventListener("click", function () { window.location.reload(); });
  }

  // Install: the button where the browser can install (Chrome, Edge, Samsung Internet), a
  // plain sentence where Sammen runs installed already; the written steps stay for the rest.
  var deferredPrompt = null;
  function installSection() { return document.getElementById("app-install"); }
  function showInstalled() {
    var section = installSection();
    if (!section) { return; }
    section.querySelector("[data-install-done]").hidden = false;
    section.querySelector("[data-install-offer]").hidden = true;
    section.querySelector("[data-install-steps]").hidden = true;
  }
  window.addEventListener("beforeinstallprompt", function (event) {
    event.preventDefault();
    deferredPrompt = event;
    var section = installSection();
    if (section) { section.querySelector("[data-install-offer]").hidden = false; }
  });
  window.addEventListener("appinstalled", showInstalled);
  function setUpInstall() {
    var section = installSection();
    if (!section) { return; }
    var standalone = window.matchMedia("(display-mode: standalone)").matches ||
      window.navigator.standalone === true;
    if (standalone) { showInstalled(); return; }
    section.querySelector("[data-install-button]").addEventListener("click", function () {
      if (!deferredPrompt) { return; }
      deferredPrompt.prompt();
      deferredPrompt.userChoice.then(function (choice) {
        deferredPrompt = null;
        section.querySelector("[data-install-offer]").hidden = true;
        if (choice.outcome === "accepted") { showInstalled(); }
      });
    });
  }

  function start() {
    markOffline();
    offerReload();
    setUpInstall();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
