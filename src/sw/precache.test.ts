import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheKey, cacheName, cachePrefix, findEntry, indexEntries } from './precache';
import { createPrecacheManifest, isLazyPath, writeServiceWorker } from '../../vite.config';

const bytes = (text: string) => new TextEncoder().encode(text);
const SW = 'https://example.org/batchnorm/sw.js';

describe('createPrecacheManifest', () => {
  const files = [
    { path: 'index.html', bytes: bytes('<html>') },
    { path: 'data/mnist/a.gz', bytes: bytes('aaaa') },
    { path: 'assets/index-1.js', bytes: bytes('js') },
  ];

  it('lists every file sorted by path, with a content hash and its size', () => {
    const manifest = createPrecacheManifest(files);
    expect(manifest.entries.map((e) => [e.url, e.size])).toEqual([
      ['assets/index-1.js', 2],
      ['data/mnist/a.gz', 4],
      ['index.html', 6],
    ]);
    expect(manifest.entries.every((e) => /^[0-9a-f]{16}$/.test(e.revision))).toBe(true);
  });

  it('keeps the version when nothing changes and changes it when one byte does', () => {
    const version = createPrecacheManifest(files).version;
    expect(createPrecacheManifest([...files].reverse()).version).toBe(version);
    const edited = files.map((f) => (f.path === 'index.html' ? { ...f, bytes: bytes('<html!') } : f));
    const next = createPrecacheManifest(edited);
    expect(next.version).not.toBe(version);
    // Only the edited file gets a new revision: the others are reused from the old cache.
    const old = createPrecacheManifest(files);
    expect(next.entries.filter((e, i) => e.revision !== old.entries[i]?.revision).map((e) => e.url)).toEqual(['index.html']);
  });
});

describe('lazy files', () => {
  it('marks Fashion-MNIST lazy (cached once used), and nothing else', () => {
    const manifest = createPrecacheManifest([
      { path: 'data/fashion-mnist/train-images-idx3-ubyte.gz', bytes: bytes('f') },
      { path: 'data/mnist/train-images-idx3-ubyte.gz', bytes: bytes('m') },
      { path: 'index.html', bytes: bytes('<html>') },
    ]);
    expect(manifest.entries.map((e) => [e.url, e.lazy ?? false])).toEqual([
      ['data/fashion-mnist/train-images-idx3-ubyte.gz', true],
      ['data/mnist/train-images-idx3-ubyte.gz', false],
      ['index.html', false],
    ]);
    expect(isLazyPath('data/fashion-mnist/SHA256SUMS')).toBe(true);
    expect(isLazyPath('assets/data/fashion-mnist.js')).toBe(false);
  });
});

describe('findEntry', () => {
  const entries = indexEntries(
    createPrecacheManifest([
      { path: 'index.html', bytes: bytes('<html>') },
      { path: 'assets/index-1.js', bytes: bytes('js') },
      { path: 'data/mnist/t10k labels.gz', bytes: bytes('gz') },
    ]),
  );
  const find = (url: string, mode = 'cors', method = 'GET') => findEntry(entries, { url, mode, method }, SW)?.url;

  it('answers a page load of the site root or index.html, with any query, with index.html', () => {
    expect(find('https://example.org/batchnorm/', 'navigate')).toBe('index.html');
    expect(find('https://example.org/batchnorm/index.html?lr=0.01#x', 'navigate')).toBe('index.html');
    expect(find('https://example.org/batchnorm/assets/index-1.js', 'navigate')).toBeUndefined();
  });

  it('answers a request for a file of the build by its exact path', () => {
    expect(find('https://example.org/batchnorm/assets/index-1.js')).toBe('assets/index-1.js');
    expect(find('https://example.org/batchnorm/data/mnist/t10k%20labels.gz', 'same-origin')).toBe('data/mnist/t10k labels.gz');
  });

  it('leaves everything else to the network', () => {
    expect(find('https://example.org/batchnorm/assets/index-1.js?v=2')).toBeUndefined();
    expect(find('https://example.org/batchnorm/assets/other.js')).toBeUndefined();
    expect(find('https://example.org/batchnorm/assets/index-1.js', 'cors', 'POST')).toBeUndefined();
    expect(find('https://example.org/elsewhere/index.html', 'navigate')).toBeUndefined();
    expect(find('https://example.com/batchnorm/assets/index-1.js')).toBeUndefined();
    expect(find('https://example.org/batchnorm/%E0%A4%A')).toBeUndefined();
  });
});

describe('cache names and keys', () => {
  it('names caches per deployment, so two copies of the site on one origin keep theirs', () => {
    const scope = 'https://example.org/batchnorm/';
    expect(cacheName(scope, 'abc').startsWith(cachePrefix(scope))).toBe(true);
    expect(cacheName('https://example.org/batchnorm-next/', 'abc').startsWith(cachePrefix(scope))).toBe(false);
  });

  it('stores an entry under its URL and revision', () => {
    expect(cacheKey({ url: 'data/mnist/a.gz', revision: '0123', size: 1 }, SW)).toBe('https://example.org/batchnorm/data/mnist/a.gz?__revision=0123');
  });
});

describe('writeServiceWorker', () => {
  it('writes sw.js as one classic script that lists every other file of the folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-'));
    try {
      mkdirSync(join(dir, 'data'));
      writeFileSync(join(dir, 'index.html'), '<html>');
      writeFileSync(join(dir, 'data', 'a.gz'), 'aaaa');
      const manifest = await writeServiceWorker(dir);
      expect(manifest.entries.map((e) => e.url)).toEqual(['data/a.gz', 'index.html']);
      const code = readFileSync(join(dir, 'sw.js'), 'utf8');
      expect(code).toContain(manifest.version);
      // It runs as a plain script and listens for the service worker's events.
      const listening: string[] = [];
      const self = {
        location: { href: SW },
        registration: { scope: 'https://example.org/batchnorm/' },
        addEventListener: (type: string) => listening.push(type),
      };
      new Function('self', code)(self);
      expect(listening.sort()).toEqual(['activate', 'fetch', 'install']);
      // Writing it again over the old sw.js gives the same manifest: sw.js never lists itself.
      expect((await writeServiceWorker(dir)).version).toBe(manifest.version);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
