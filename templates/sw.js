// The service worker of the app shell (core/offline.py serves it at /sw.js, scope: the whole site).
// It keeps the static files (CSS, JavaScript, fonts, icons) and the "Không có kết nối" page, nothing
// else: no page a user opened, so nothing personal or from another user is kept. A static file comes
// from the cache (their names change with their content); a page comes from the server, or, when the
// network is gone, the offline page, which shows the draft kept in the browser for it, read-only.
"use strict";
var CACHE = "treem-shell-{{ version|escapejs }}";
var SHELL = [{% for url in shell %}"{{ url|escapejs }}", {% endfor %}"{{ offline_url|escapejs }}"];
var OFFLINE = "{{ offline_url|escapejs }}";
var STATIC = "{{ static_url|escapejs }}";

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    // the static files from the browser's HTTP cache where the page just loaded them (their names
    // change with their content); the offline page from the server
    return cache.addAll(SHELL.map(function (url) { return new Request(url, {cache: url === OFFLINE ? "reload" : "default"}); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf("treem-") === 0 && n !== CACHE; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () {
    // a page's request leaves at once, while the worker starts (and is throttled like the page's own)
    return self.registration.navigationPreload ? self.registration.navigationPreload.enable() : null;
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (url.pathname.indexOf(STATIC) === 0) {
    event.respondWith(caches.open(CACHE).then(function (cache) {
      return cache.match(request).then(function (hit) {
        return hit || fetch(request).then(function (response) {
          if (response.ok && response.type === "basic") { cache.put(request, response.clone()); }
          return response;
        });
      });
    }));
  } else if (request.mode === "navigate") {
    event.respondWith(Promise.resolve(event.preloadResponse).then(function (preloaded) {
      return preloaded || fetch(request);
    }).catch(function () {
      return caches.match(OFFLINE).then(function (page) {
        return page || new Response("Không có kết nối", {status: 503, headers: {"Content-Type": "text/plain; charset=utf-8"}});
      });
    }));
  }
});
