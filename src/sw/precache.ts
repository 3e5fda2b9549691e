/**
 * What the service worker and the page share: the precache manifest's shape, the cache naming
 * and which request a manifest entry answers. Pure: no DOM, no service-worker globals, so the
 * rules are unit-tested in Node.
 */

/** One file of the built site, as listed in `sw.js`. */
export interface PrecacheEntry {
  /** Path relative to `sw.js` (the site root), e.g. `"assets/index-B1x2.js"`, `"data/mnist/t10k-labels-idx1-ubyte.gz"`. */
  url: string;
  /** Content hash (hex): an entry whose revision is unchanged is copied from the old cache, not downloaded again. */
  revision: string;
  /** Size in bytes. */
  size: number;
  /**
   * Optional, absent: false. A lazy file is not downloaded at install but cached the first time
   * the page asks for it, and carried over to the next version if it was (see LAZY_PREFIXES in
   * vite.config.ts: Fashion-MNIST).
   */
  lazy?: boolean;
}

/** Every file of one build. `version` changes when any file's bytes or name change. */
export interface PrecacheManifest {
  version: string;
  entries: PrecacheEntry[];
}

/**
 * Caches of one deployment: `"batchnorm-playground <scope> "` then the version. The scope keeps
 * two copies of the site on one origin (say /batchnorm/ and /batchnorm-next/) from deleting each other's cache.
 */
export function cachePrefix(scope: string): string {
  return `batchnorm-playground ${scope} `;
}

export function cacheName(scope: string, version: string): string {
  return cachePrefix(scope) + version;
}

/**
 * The key an entry is stored under: its URL plus its revision, so that the next version can
 * find an unchanged file in the old cache. `base`: the URL of `sw.js`.
 */
export function cacheKey(entry: PrecacheEntry, base: string): string {
  const url = new URL(entry.url, base);
  url.search = `__revision=${entry.revision}`;
  return url.href;
}

/** The parts of a `Request` that decide whether the precache answers it. */
export interface RequestSummary {
  method: string;
  url: string;
  mode: string;
}

/**
 * Finds the entry that answers `request`, or `undefined` to leave it to the network.
 * A navigation to the site root or to `index.html`, with any query, gets `index.html`;
 * other requests must name a precached file exactly (no query). `base`: the URL of `sw.js`.
 */
export function findEntry(entries: ReadonlyMap<string, PrecacheEntry>, request: RequestSummary, base: string): PrecacheEntry | undefined {
  if (request.method !== 'GET') return undefined;
  const url = new URL(request.url);
  const root = new URL('./', base);
  if (url.origin !== root.origin || !url.pathname.startsWith(root.pathname)) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname.slice(root.pathname.length));
  } catch {
    return undefined;
  }
  if (request.mode === 'navigate') return path === '' || path === 'index.html' ? entries.get('index.html') : undefined;
  return url.search === '' ? entries.get(path) : undefined;
}

/** The manifest's entries by `url`, for `findEntry`. */
export function indexEntries(manifest: PrecacheManifest): Map<string, PrecacheEntry> {
  return new Map(manifest.entries.map((entry) => [entry.url, entry]));
}
