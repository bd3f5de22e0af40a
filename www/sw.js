// nianbao's service worker: offline from the first visit. When it installs (during the first
// visit) it fetches and keeps every file the app needs: the page, its loader, the hashed wasm and
// JS glue, the styles, icon and manifest, the embed files and the bundled examples. The list and
// the build's name are written in at build time (scripts/trunk-post-build.sh), so each build gets
// a cache of its own and the old one is dropped when the new worker takes over.
// Network first (a new build is picked up at once), the copy when offline. Nothing is ever sent
// anywhere: only same-origin GETs are handled.
const CACHE = 'nianbao-__NIANBAO_BUILD__';
const PRECACHE = ['./', /*__NIANBAO_PRECACHE__*/];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      // 'reload': straight from the server, not from the HTTP cache (which may hold an older build).
      .then((c) => c.addAll(PRECACHE.map((u) => new Request(u, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('nianbao-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// A page asks to keep files it loaded before this worker controlled it (the reviewer's desk keeps
// its own wasm module this way, on its first visit; it is not precached for everyone). Only
// same-origin URLs; a copy already kept is not fetched again.
self.addEventListener('message', (event) => {
  const urls = event.data && Array.isArray(event.data.keep) ? event.data.keep : [];
  const same = urls.map((u) => new URL(u, self.location.href)).filter((u) => u.origin === self.location.origin);
  event.waitUntil(caches.open(CACHE).then((c) => Promise.all(same.map((u) =>
    c.match(u).then((hit) => hit || c.add(new Request(u.href, { cache: 'reload' })).catch(() => {}))))));
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(req)
      .then((resp) => {
        if (resp.ok) {
          const copy = resp.clone();
          caches.open(CACHE).then((c) => c.put(req, copy));
        }
        return resp;
      })
      // Offline: the copy; a page address with no copy of its own gets the app's page.
      .catch(() => caches.match(req, { ignoreSearch: true })
        .then((hit) => hit || (req.mode === 'navigate' ? caches.match('./') : undefined))
        .then((hit) => hit || Response.error())),
  );
});
