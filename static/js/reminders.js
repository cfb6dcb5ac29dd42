// Reminders on the profile page: ask the browser for a push subscription and send it to
// Sammen with htmx, which swaps the section. Where push cannot work, say why in plain words.
(function () {
  "use strict";

  var SUBSCRIBE_TIMEOUT = 10000;

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4))
      .replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
    return bytes;
  }

  function say(section, attribute) {
    var status = section.querySelector("[data-push-status]");
    status.textContent = section.getAttribute(attribute);
    status.hidden = false;
  }

  function turnOn(section, button) {
    button.disabled = true;
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") {
        button.disabled = false;
        say(section, "data-blocked");
        return null;
      }
      var subscribed = navigator.serviceWorker.ready.then(function (registration) {
        return registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(section.getAttribute("data-public-key"))
        });
      });
      // A browser without a working push service may never answer: give up after a while.
      var tooLong = new Promise(function (resolve, reject) {
        window.setTimeout(function () { reject(new Error("timeout")); }, SUBSCRIBE_TIMEOUT);
      });
      return Promise.race([subscribed, tooLong]).then(function (subscription) {
        var json = subscription.toJSON();
        return window.htmx.ajax("POST", section.getAttribute("data-subscribe-url"), {
          source: section, target: "#paamindelser", swap: "outerHTML",
          values: { endpoint: json.endpoint, p256dh: json.keys.p256dh, auth: json.keys.auth }
        });
      });
    }).catch(function () {
      button.disabled = false;
      say(section, "data-failed");
    });
  }

  function setUp() {
    var section = document.getElementById("paamindelser");
    if (!section || section.getAttribute("data-ready")) { return; }
    section.setAttribute("data-ready", "true");
    var offer = section.querySelector("[data-push-offer]");
    var button = section.querySelector("[data-push-on]");
    var off = section.querySelector("[data-push-off]");
    var supported = "serviceWorker" in navigator && "PushManager" in window &&
      "Notification" in window && window.htmx;
    if (!supported) {
      var iPhone = /iPhone|iPad|iPod/.test(navigator.userAgent);
      say(section, iPhone ? "data-ios" : "data-unsupported");
      return;
    }
    if (Notification.permission === "denied") {
      say(section, "data-blocked");
      return;
    }
    section.querySelector("[data-push-status]").hidden = true;
    navigator.serviceWorker.ready.then(function (registration) {
      return registration.pushManager.getSubscription();
    }).then(function (subscription) {
      // This browser is subscribed already: no button to turn it on again.
      if (subscription && off) { return; }
      offer.hidden = false;
      button.addEventListener("click", function () { turnOn(section, button); });
    }).catch(function () { say(section, "data-unsupported"); });
    if (off) {
      // Turning off also forgets the subscription in this browser.
      off.addEventListener("submit", function () {
        navigator.serviceWorker.ready.then(function (registration) {
          return registration.pushManager.getSubscription();
        }).then(function (subscription) {
          return subscription && subscription.unsubscribe();
        }).catch(function () { /* the server forgets it anyway */ });
      });
    }
  }

  document.addEventListener("DOMContentLoaded", setUp);
  document.addEventListener("htmx:afterSettle", setUp);
})();
