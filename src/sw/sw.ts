/// <reference lib="webworker" />
/**
 * The service worker that keeps the built site working offline. Bundled into `sw.js` at the site
 * root by `serviceWorkerPlugin` in vite.config.ts, with the build's file list in `__PRECACHE_MANIFEST__`.
 *
 * - install: puts every file of this build into a new cache named for the build's version. A file
 *   whose revision is already in an older cache of this site is copied from there, not downloaded;
 *   the others come from the HTTP cache when their hash matches (see `download`), else the server.
 *   If any download fails, the install fails and the version in use stays. Lazy files (Fashion-MNIST,
 *   see LAZY_PREFIXES in vite.config.ts) are only copied from an older cache, never downloaded at install.
 * - A lazy file the page asks for and the cache lacks comes from the network and is kept, if its
 *   bytes are the build's, so it works offline from then on.
 * - activate, right after install: takes control of open pages. From then on every page load gets
 *   this version, whole. Pages that were open keep running the version they loaded: a file of
 *   theirs that this build lacks is still answered from its older cache.
 * - The older caches are deleted once no page or worker that was open at activation remains.
 * - fetch: a request for a file of this build is answered from the cache; anything else goes to the network.
 */
import { cacheKey, cacheName, cachePrefix, findEntry, indexEntries, type PrecacheEntry, type PrecacheManifest } from './precache';

declare const __PRECACHE_MANIFEST__: PrecacheManifest;

// The DOM and worker libs cannot both type `self`; this file only ever runs as a service worker.
const sw = self as unknown as ServiceWorkerGlobalScope;
const manifest = __PRECACHE_MANIFEST__;
const entries = indexEntries(manifest);
const base = sw.location.href;
const prefix = cachePrefix(sw.registration.scope);
const current = cacheName(sw.registration.scope, manifest.version);
const root = new URL('./', base).href;

/** Ids of the clients that may run an older version: those open when this worker activated or started. */
let oldClients: Promise<Set<string>> | undefined;
/** Set once no older cache of this site is left: nothing to sweep or fall back to any more. */
let onlyCurrent = false;

sw.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => sw.skipWaiting()));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      oldClients = clientIds();
      await oldClients;
      await sw.clients.claim();
      await sweep();
    })(),
  );
});

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  const entry = findEntry(entries, request, base);
  if (entry) event.respondWith(fromCache(entry, request, event));
  else if (!onlyCurrent && request.method === 'GET' && request.url.startsWith(root)) event.respondWith(fromOlderCache(request));
  if (!onlyCurrent) event.waitUntil(sweep());
});

async function fromCache(entry: PrecacheEntry, request: Request, event: FetchEvent): Promise<Response> {
  const cache = await caches.open(current);
  const key = cacheKey(entry, base);
  const cached = await cache.match(key);
  if (cached) return cached;
  const response = await fetch(request);
  if (entry.lazy && response.ok) event.waitUntil(keepIfBuilt(cache, key, entry, response.clone()));
  return response;
}

/** Caches a lazy file fetched on first use, if its bytes are this build's (a corrupt copy would stick). */
async function keepIfBuilt(cache: Cache, key: string, entry: PrecacheEntry, response: Response): Promise<void> {
  if ((await revisionOf(response.clone())) !== entry.revision) return;
  await cache.put(key, response.redirected ? await withoutRedirect(response) : response);
}

/** For a page still running an older version: its own files, while they are kept. */
async function fromOlderCache(request: Request): Promise<Response> {
  for (const name of await olderCaches()) {
    const kept = await (await caches.open(name)).match(request, { ignoreSearch: true });
    if (kept) return kept;
  }
  return fetch(request);
}

async function olderCaches(): Promise<string[]> {
  return (await caches.keys()).filter((name) => name.startsWith(prefix) && name !== current);
}

async function clientIds(): Promise<Set<string>> {
  return new Set((await sw.clients.matchAll({ includeUncontrolled: true, type: 'all' })).map((client) => client.id));
}

/** Deletes this site's older caches once every client that may still need them is gone. */
async function sweep(): Promise<void> {
  const older = await olderCaches();
  if (older.length > 0) {
    // After a restart this worker cannot tell old clients from new ones: it waits for all it sees.
    oldClients ??= clientIds();
    const [old, alive] = await Promise.all([oldClients, clientIds()]);
    if ([...old].some((id) => alive.has(id))) return;
    await Promise.all(older.map((name) => caches.delete(name)));
  }
  onlyCurrent = true;
}

async function precache(): Promise<void> {
  const cache = await caches.open(current);
  const older = await olderCaches();
  await Promise.all(
    manifest.entries.map(async (entry) => {
      const key = cacheKey(entry, base);
      if (await cache.match(key)) return;
      for (const name of older) {
        const kept = await (await caches.open(name)).match(key);
        if (kept) return cache.put(key, kept);
      }
      if (entry.lazy) return;
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
