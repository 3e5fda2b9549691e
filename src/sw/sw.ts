/// <reference lib="webworker" />
/**
 * The service worker that keeps the built site working offline. Bundled into `sw.js` at the site
 * root by `serviceWorkerPlugin` in vite.config.ts, with the build's file list in `__PRECACHE_MANIFEST__`.
 *
 * - install: puts every file of this build into a new cache named for the build's version. A file
 *   whose revision is already in an older cache of this site is copied from there, not downloaded;
 *   the others come from the HTTP cache when their hash matches (see `download`), else the server.
 *   If any download fails, the install fails and the version in use stays.
 * - The new version then waits: the page asks it to take over (`skipWaiting` message) on its next
 *   load, see `register.ts`, so a page never runs half old and half new code.
 * - activate: deletes this site's older caches and takes control of open pages.
 * - fetch: a request for a file of this build is answered from the cache; anything else goes to the network.
 */
import { cacheKey, cacheName, cachePrefix, findEntry, indexEntries, type PrecacheEntry, type PrecacheManifest, type ServiceWorkerCommand } from './precache';

declare const __PRECACHE_MANIFEST__: PrecacheManifest;

// The DOM and worker libs cannot both type `self`; this file only ever runs as a service worker.
const sw = self as unknown as ServiceWorkerGlobalScope;
const manifest = __PRECACHE_MANIFEST__;
const entries = indexEntries(manifest);
const base = sw.location.href;
const prefix = cachePrefix(sw.registration.scope);
const current = cacheName(sw.registration.scope, manifest.version);

sw.addEventListener('install', (event) => {
  event.waitUntil(precache());
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((name) => name.startsWith(prefix) && name !== current).map((name) => caches.delete(name)));
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('message', (event: ExtendableMessageEvent) => {
  const command: ServiceWorkerCommand | null = event.data;
  if (command?.type === 'skipWaiting') event.waitUntil(sw.skipWaiting());
});

sw.addEventListener('fetch', (event) => {
  const entry = findEntry(entries, event.request, base);
  if (entry) event.respondWith(respond(entry, event.request));
});

async function respond(entry: PrecacheEntry, request: Request): Promise<Response> {
  const cache = await caches.open(current);
  return (await cache.match(cacheKey(entry, base))) ?? fetch(request);
}

async function precache(): Promise<void> {
  const cache = await caches.open(current);
  const older = (await caches.keys()).filter((name) => name.startsWith(prefix) && name !== current);
  await Promise.all(
    manifest.entries.map(async (entry) => {
      const key = cacheKey(entry, base);
      if (await cache.match(key)) return;
      for (const name of older) {
        const kept = await (await caches.open(name)).match(key);
        if (kept) return cache.put(key, kept);
      }
      const response = await download(entry);
      return cache.put(key, response.redirected ? await withoutRedirect(response) : response);
    }),
  );
}

/**
 * Gets one file of this build. First from the browser's HTTP cache if it has the file: the page
 * is loading the same files (the 11 MB of MNIST among them) while this worker installs, and a
 * second download would double the first visit. If those bytes are not the build's (a stale
 * copy), then from the server, bypassing the HTTP cache. That answer is kept even if its hash
 * differs (a host that gzips .gz files again sends other bytes than the build's).
 */
async function download(entry: PrecacheEntry): Promise<Response> {
  const url = new URL(entry.url, base);
  const cached = await fetch(url, { cache: 'force-cache' });
  if (cached.ok && (await revisionOf(cached.clone())) === entry.revision) return cached;
  const fresh = await fetch(url, { cache: 'reload' });
  if (!fresh.ok) throw new Error(`${entry.url}: HTTP ${fresh.status}`);
  return fresh;
}

/** The first 16 hex digits of the SHA-256 of a response's body, as in the manifest. */
async function revisionOf(response: Response): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await response.arrayBuffer()));
  return Array.from(digest.subarray(0, 8), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * A copy of a response that was redirected (some hosts send /index.html on to /): a page
 * navigation refuses a response marked as redirected.
 */
async function withoutRedirect(response: Response): Promise<Response> {
  return new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers: response.headers });
}
