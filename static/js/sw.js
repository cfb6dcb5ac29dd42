// Sammen's service worker. Plain JavaScript, no build step: the app serves this file at /sw.js
// with its settings in front (self.SAMMEN: the version, the files to keep, the pages to keep).
//
// - Static files with a hash in their address: from the cache first, kept until the version
//   changes (the address changes with the content, so a kept file is never stale).
// - Pages: from the network first. Hjem and Kalender are kept when they arrive; when the
//   network fails, or is slower than `timeout`, the kept copy is shown, marked as a copy.
//   Any other page that cannot be fetched gets the offline page in the user's language.
// - A new version installs, takes over at once and deletes the old caches.
// - Logging in or out deletes the kept pages: they belong to one person.
// - A kept page belongs to the login session that made it (a shared phone, a browser closed
//   without logging out): it is shown only while that session is alive, see below.
"use strict";

var SETTINGS = self.SAMMEN;
var STATIC = "sammen-static-" + SETTINGS.version;
var PAGES = "sammen-pages-" + SETTINGS.version;
var META = "sammen-meta";
var LANGUAGE_KEY = "/__sammen/language";

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(STATIC).then(function (cache) {
    var offline = Object.keys(SETTINGS.offline).map(function (code) {
      var url = SETTINGS.offline[code];
      // Without cookies: the offline page is the same for everyone.
      return fetch(new Request(url, { credentials: "omit" })).then(function (response) {
        if (!response.ok) { throw new Error("offline page " + response.status); }
        return cache.put(url, response);
      });
    });
    return Promise.all([cache.addAll(SETTINGS.precache)].concat(offline));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    var old = names.filter(function (name) {
      return name.indexOf("sammen-") === 0 && name !== STATIC && name !== PAGES && name !== META;
    });
    return carryPagesOver(old).then(function () {
      return Promise.all(old.map(function (name) { return caches.delete(name); }));
    });
  }).then(function () { return self.clients.claim(); }));
});

// The kept pages of the old version point at the old files: fetch them again for this one.
function carryPagesOver(oldNames) {
  var pages = oldNames.filter(function (name) { return name.indexOf("sammen-pages-") === 0; });
  return Promise.all(pages.map(function (name) {
    return caches.open(name).then(function (cache) { return cache.keys(); });
  })).then(function (lists) {
    var paths = [];
    lists.forEach(function (requests) {
      requests.forEach(function (request) { paths.push(new URL(request.url).pathname); });
    });
    return Promise.all(paths.map(function (path) {
      return fetch(path, { redirect: "manual" }).then(function (response) {
        return keep(path, response);
      }).catch(function () { /* kept again at the next visit */ });
    }));
  });
}

// Which login session is alive in this browser: the id in the server's marker cookie (not
// HttpOnly, no personal data, living exactly as long as the session cookie), or null. The
// Cookie Store API is the only way a service worker can read a cookie: Chrome, Edge and
// Samsung Internet have it since Chromium 87 (2020), Safari and Firefox since 2025 (MDN,
// ServiceWorkerGlobalScope.cookieStore: "Baseline 2025, newly available since June 2025").
// Where it is missing, or fails, the answer is null, and no personal page is kept or shown:
// the offline page instead.
function liveSession() {
  if (!self.cookieStore) { return Promise.resolve(null); }
  return self.cookieStore.get(SETTINGS.session_cookie).then(function (cookie) {
    return cookie && cookie.value ? cookie.value : null;
  }, function () { return null; });
}

function keep(path, response) {
  // The server says which pages are worth keeping: a citizen's own Hjem and Kalender, with
  // the id of their login session, kept with the copy (in its headers).
  if (response.status !== 200 || response.type !== "basic" || response.redirected ||
      response.headers.get("X-Sammen-Offline") !== "keep" ||
      !response.headers.get(SETTINGS.session_header) || !self.cookieStore) {
    return Promise.resolve();
  }
  return caches.open(PAGES).then(function (cache) { return cache.put(path, response); });
}

function forgetPages() {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("sammen-pages-") === 0;
    }).map(function (name) { return caches.delete(name); }));
  });
}

function rememberLanguage(response) {
  var language = response.headers.get("Content-Language");
  if (!language || !SETTINGS.offline[language]) { return Promise.resolve(); }
  return caches.open(META).then(function (cache) {
    return cache.put(LANGUAGE_KEY, new Response(language));
  });
}

function offlinePage() {
  return caches.open(META).then(function (cache) {
    return cache.match(LANGUAGE_KEY);
  }).then(function (stored) {
    return stored ? stored.text() : SETTINGS.default_language;
  }).then(function (language) {
    var url = SETTINGS.offline[language] || SETTINGS.offline[SETTINGS.default_language];
    return caches.match(url, { ignoreVary: true });
  }).then(function (page) {
    return page || new Response("Offline", { status: 503, headers: { "Content-Type": "text/plain" } });
  });
}

// The kept copy of a page, marked so the page shows its "shown as of" note (and pwa.js turns
// its buttons off); null when there is none, or when the session that made it is over (or
// cannot be told): then whoever holds the phone now must not see it, and all kept pages go.
function keptCopy(path) {
  return Promise.all([caches.open(PAGES).then(function (cache) {
    return cache.match(path, { ignoreVary: true });
  }), liveSession()]).then(function (found) {
    var response = found[0];
    var session = found[1];
    if (!response) { return null; }
    if (!session || response.headers.get(SETTINGS.session_header) !== session) {
      return forgetPages().then(function () { return null; });
    }
    return response.text().then(function (html) {
      var headers = new Headers(response.headers);
      headers.delete("Content-Encoding");
      headers.delete("Content-Length");
      var marked = html.replace('data-served="network" hidden', 'data-served="cache"');
      return new Response(marked, { status: 200, headers: headers });
    });
  });
}

function page(event, url) {
  var path = url.pathname;
  var kept = url.search === "" && SETTINGS.pages.indexOf(path) !== -1;
  var network = fetch(event.request).then(function (response) {
    event.waitUntil(rememberLanguage(response));
    if (kept) { event.waitUntil(keep(path, response.clone())); }
    return response;
  });
  if (!kept) {
    return network.catch(offlinePage);
  }
  return new Promise(function (resolve) {
    var done = false;
    function answer(response) {
      if (!done) { done = true; resolve(response); }
    }
    // Slow network: show the kept copy, and let the network keep it fresh for next time.
    var timer = setTimeout(function () {
      keptCopy(path).then(function (copy) { if (copy) { answer(copy); } });
    }, SETTINGS.timeout);
    network.then(function (response) {
      clearTimeout(timer);
      answer(response);
    }, function () {
      clearTimeout(timer);
      keptCopy(path).then(function (copy) { return copy || offlinePage(); }).then(answer);
    });
  });
}

function staticFile(request) {
  return caches.open(STATIC).then(function (cache) {
    return cache.match(request, { ignoreVary: true }).then(function (hit) {
      if (hit) { return hit; }
      return fetch(request).then(function (response) {
        // Only a file whose hash is current is kept (the server says immutable then).
        var cacheControl = response.headers.get("Cache-Control") || "";
        if (response.ok && cacheControl.indexOf("immutable") !== -1) {
          cache.put(request, response.clone());
        }
        return response;
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.method !== "GET") {
    if (SETTINGS.forget_on.indexOf(url.pathname) !== -1) {
      // Clear the kept pages before the request leaves, so no copy survives a log-out.
      event.respondWith(forgetPages().then(function () { return fetch(request); })
        .catch(function () { return request.mode === "navigate" ? offlinePage() : Response.error(); }));
    } else if (request.mode === "navigate") {
      event.respondWith(fetch(request).catch(offlinePage));
    }
    return;
  }
  if (url.pathname.indexOf(SETTINGS.static) === 0) {
    event.respondWith(staticFile(request));
  } else if (request.mode === "navigate") {
    event.respondWith(page(event, url));
  }
});

self.addEventListener("message", function (event) {
  if (event.data === "forget-pages") { event.waitUntil(forgetPages()); }
});

// A reminder from Sammen: show it; a tap opens the page it is about.
self.addEventListener("push", function (event) {
  var message = {};
  try { message = event.data ? event.data.json() : {}; } catch (error) { message = {}; }
  event.waitUntil(self.registration.showNotification(message.title || "Sammen", {
    body: message.body || "",
    tag: message.tag,
    icon: SETTINGS.icon,
    badge: SETTINGS.icon,
    data: { url: message.url || "/" }
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var target = new URL(event.notification.data.url, self.location.origin).href;
  event.waitUntil(self.clients.matchAll({ type: "window" }).then(function (windows) {
    for (var i = 0; i < windows.length; i++) {
      if (windows[i].url === target && "focus" in windows[i]) { return windows[i].focus(); }
    }
    return self.clients.openWindow(target);
  }));
});
