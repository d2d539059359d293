// The kader app's service worker (hand-written; served by /kader/sw.js, which prepends VERSION and
// PRECACHE). It keeps the app shell for use without signal. It never stores data: the outbox and the
// replica live in IndexedDB, owned by the page (db.js), and nothing here deletes them. Personal data
// (/api/, sign-in) is never cached.
/* global VERSION, PRECACHE */
const CACHE = 'kader-' + VERSION;
const SHELL = PRECACHE[0]; // /kader/

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // cache: 'reload' bypasses the HTTP cache, so a new version never mixes old files.
    await cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload', credentials: 'same-origin' })));
    // The first install takes over at once; an update waits for the page to say so (outbox flushed, or
    // the kader tapped "Perbarui"), so a page never runs old JS against a new database schema.
    if (!self.registration.active) await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key.startsWith('kader-') && key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

const isPrivate = (url) => url.pathname.startsWith('/api/') || url.pathname === '/kader/masuk/';

async function staleWhileRevalidate(request, key) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(key);
  const network = fetch(request).then((response) => {
    if (response.ok) cache.put(key, response.clone());
    return response;
  });
  if (cached) {
    network.catch(() => null);
    return cached;
  }
  return network;
}

async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch (error) {
    return (await cache.match(key)) || Response.error();
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || isPrivate(url)) return;
  if (request.mode === 'navigate' && url.pathname.startsWith(SHELL)) {
    // Every page of the app is the one shell (the app routes by #hash).
    event.respondWith(staleWhileRevalidate(request, SHELL));
    return;
  }
  if (url.pathname === PRECACHE[2]) { // texts: the latest language the user chose, offline too
    // Network first: stale-while-revalidate showed the previous language once after a switch.
    event.respondWith(networkFirst(request, url.pathname));
    return;
  }
  if (PRECACHE.includes(url.pathname)) {
    event.respondWith(caches.match(url.pathname).then((hit) => hit || fetch(request)));
  }
});

// Background Sync is only a nudge: the page's syncOnce() does the work from the outbox.
self.addEventListener('sync', (event) => {
  if (event.tag !== 'siklus-sync') return;
  event.waitUntil(self.clients.matchAll({ type: 'window' }).then((all) => all.forEach((c) => c.postMessage('sync'))));
});
