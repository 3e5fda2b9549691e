import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { describe, expect, it } from 'vitest';
import { isLazyPath } from '../../vite.config';
import { DIST, launchChromium, serveDist, watchErrors } from './harness';

const ROOT = resolve(import.meta.dirname, '../..');

/** Every file of a built site cached at install: all but `sw.js` and lazy files (Fashion-MNIST, cached once used). */
const siteFiles = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter((path) => path !== 'sw.js' && !isLazyPath(path))
    .sort();

const controller = (page: Page) => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null);

/** The page's caches: each with the paths it holds (relative to `site`) and their total size. */
const cachesOf = (page: Page, site: string) =>
  page.evaluate(async (site) => {
    const names = await caches.keys();
    return Promise.all(
      names.map(async (name) => {
        const cache = await caches.open(name);
        const paths: string[] = [];
        let bytes = 0;
        for (const request of await cache.keys()) {
          paths.push(request.url.slice(site.length).replace(/\?.*$/, ''));
          bytes += (await (await cache.match(request))?.blob())?.size ?? 0;
        }
        return { name, paths: paths.sort(), bytes };
      }),
    );
  }, site);

/** The version a page of the second build marks itself with. */
const versionOf = (page: Page) => page.evaluate(() => document.documentElement.dataset.version ?? 'first');

const dataLoaded = (page: Page) => page.getByText(/60,000 training/).count();

/** Builds the site into `outDir` as `npm run build` does, with `extraLine` appended to the page's script. */
async function buildSite(outDir: string, extraLine = ''): Promise<void> {
  // Vitest sets NODE_ENV=test, which would give a development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: ROOT,
      configFile: join(ROOT, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
      plugins: [{ name: 'edit-main', transform: (code, id) => (id.endsWith('/src/main.tsx') ? `${code}\n${extraLine}\n` : null) }],
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

describe('offline use', () => {
  it('after one visit, shows the app, loads MNIST and trains with the server down', async () => {
    const requested: string[] = [];
    const server = await serveDist({ prefix: '/batchnorm/', override: (path) => (requested.push(path), null) });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors = watchErrors(page);
      await page.goto(server.url);
      await expect.poll(() => dataLoaded(page), { timeout: 60_000 }).toBe(1);
      // The service worker has cached the whole site, data and wasm included, and controls the page.
      await expect.poll(() => controller(page), { timeout: 60_000 }).toBe(`${server.url}sw.js`);
      const [cache, ...others] = await cachesOf(page, server.url);
      expect(others).toEqual([]);
      const files = siteFiles(DIST);
      expect(cache?.paths).toEqual(files);
      expect(cache?.bytes).toBe(files.reduce((sum, path) => sum + statSync(join(DIST, path)).size, 0));

      // Network down: nothing listens on the port any more.
      await server.close();
      await expect(fetch(server.url)).rejects.toThrow();
      const servedOnline = requested.length;

      await page.reload();
      await expect.poll(() => dataLoaded(page), { timeout: 60_000 }).toBe(1);
      // The wasm backend needs its .wasm file: from the cache as well.
      await page.getByRole('combobox', { name: 'Backend' }).selectOption('wasm');
      await expect.poll(() => page.getByTestId('backend').textContent(), { timeout: 30_000 }).toBe('wasm · WebAssembly');
      await page.getByRole('textbox', { name: 'Training images', exact: true }).fill('2000');
      await page.getByRole('textbox', { name: 'Epochs', exact: true }).fill('1');
      await page.getByRole('button', { name: 'Train', exact: true }).click();
      await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 90_000 }).toBe('Finished');
      expect(requested.length).toBe(servedOnline);
      expect(errors, errors.join('\n')).toEqual([]);
    } finally {
      await browser.close();
      await server.close().catch(() => undefined);
    }
  });

  it('caches Fashion-MNIST only once it is chosen, and from then on it loads with the server down', async () => {
    const server = await serveDist({ prefix: '/batchnorm/' });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors = watchErrors(page);
      await page.goto(server.url);
      await expect.poll(() => controller(page), { timeout: 60_000 }).toBe(`${server.url}sw.js`);
      // The first visit cached MNIST, not the 31 MB of Fashion-MNIST.
      const [installed] = await cachesOf(page, server.url);
      expect(installed?.paths.some(isLazyPath)).toBe(false);
      expect(installed?.paths).toContain('data/mnist/train-images-idx3-ubyte.gz');

      // A visit that chooses Fashion-MNIST (its worker now started under the service worker) caches its files.
      await page.reload();
      await expect.poll(() => dataLoaded(page), { timeout: 60_000 }).toBe(1);
      await page.getByLabel('Dataset', { exact: true }).selectOption('fashion');
      await expect.poll(() => page.getByText('Fashion-MNIST: 60,000 training / 10,000 test images').count(), { timeout: 90_000 }).toBe(1);
      const fashionFiles = ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz', 'train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'].map(
        (name) => `data/fashion-mnist/${name}`,
      );
      await expect.poll(async () => (await cachesOf(page, server.url))[0]?.paths.filter(isLazyPath), { timeout: 30_000 }).toEqual(fashionFiles);

      await server.close();
      await page.reload();
      await expect.poll(() => dataLoaded(page), { timeout: 60_000 }).toBe(1);
      await page.getByLabel('Dataset', { exact: true }).selectOption('fashion');
      await expect.poll(() => page.getByText('Fashion-MNIST: 60,000 training / 10,000 test images').count(), { timeout: 90_000 }).toBe(1);
      expect(errors, errors.join('\n')).toEqual([]);
    } finally {
      await browser.close();
      await server.close().catch(() => undefined);
    }
  });

  it('a new version takes over once downloaded: the open page keeps its files, the next load is new, the old cache goes with the old page', async () => {
    // Two versions from the same sources; the second adds one line to the page's script.
    const first = mkdtempSync(join(tmpdir(), 'batchnorm-first-'));
    const next = mkdtempSync(join(tmpdir(), 'batchnorm-second-'));
    await buildSite(first);
    await buildSite(next, `document.documentElement.dataset.version = 'second';`);
    const changed = siteFiles(next).filter((path) => !existsSync(join(first, path)) || !readFileSync(join(first, path)).equals(readFileSync(join(next, path))));
    // The page's script first: the checks below follow it.
    const gone = siteFiles(first)
      .filter((path) => !existsSync(join(next, path)))
      .sort((a, b) => Number(b.startsWith('assets/index-')) - Number(a.startsWith('assets/index-')));
    expect(changed).toContain('index.html');
    // The page's script, and each lazily loaded chunk that names it (the exporter's): scripts only, nothing else.
    expect(gone.length).toBeGreaterThanOrEqual(1);
    expect(
      gone.every((path) => path.startsWith('assets/') && path.endsWith('.js')),
      gone.join(', '),
    ).toBe(true);
    expect(gone[0]).toMatch(/^assets\/index-.*\.js$/);

    let deployed: 'first' | 'second' = 'first';
    const requested: string[] = [];
    const server = await serveDist({
      root: first,
      prefix: '/batchnorm/',
      override: (path) => {
        requested.push(path);
        if (deployed === 'first') return null;
        const file = join(next, path);
        return existsSync(file) && statSync(file).isFile() ? { status: 200, body: readFileSync(file) } : { status: 404, body: Buffer.from('not found') };
      },
    });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors = watchErrors(page);
      await page.goto(server.url);
      await expect.poll(() => controller(page), { timeout: 60_000 }).toBe(`${server.url}sw.js`);
      const [firstCache] = await cachesOf(page, server.url);
      expect(await versionOf(page)).toBe('first');
      // The page's own downloads done first: its worker, started before the service worker took
      // control, fetches the wasm binary from the network when it picks its backend, and that fetch
      // could otherwise land after the count below starts (seen once in CI).
      await expect.poll(() => dataLoaded(page), { timeout: 60_000 }).toBe(1);

      deployed = 'second';
      requested.length = 0;
      // What the browser does on every page load (and at least daily): fetch sw.js and compare.
      await page.evaluate(async () => {
        await (await navigator.serviceWorker.getRegistration())?.update();
      });
      const settled = () =>
        page.evaluate(async () => {
          const registration = await navigator.serviceWorker.getRegistration();
          return { names: (await caches.keys()).length, pending: Boolean(registration?.installing ?? registration?.waiting) };
        });
      await expect.poll(settled, { timeout: 60_000 }).toEqual({ names: 2, pending: false });
      // Only what changed was downloaded: unchanged files (MNIST, wasm, the worker) were copied from the old cache.
      expect(requested.filter((path) => path !== 'sw.js').sort()).toEqual(changed);
      expect(changed.some((path) => path.startsWith('data/') || path.endsWith('.wasm') || path.includes('trainer.worker'))).toBe(false);
      // The open page keeps running the first version, and its files are still there for it,
      // though the server has dropped them.
      expect(await versionOf(page)).toBe('first');
      expect((await fetch(server.url + gone[0])).status).toBe(404);
      expect(await page.evaluate((url) => fetch(url).then((r) => r.status), server.url + gone[0])).toBe(200);
      expect((await cachesOf(page, server.url)).map((c) => c.name)).toContain(firstCache?.name);

      // The next load is the second version, whole; with the last page of the first one gone, so is its cache.
      await page.reload();
      expect(await versionOf(page)).toBe('second');
      await expect.poll(() => dataLoaded(page), { timeout: 60_000 }).toBe(1);
      await expect.poll(async () => (await cachesOf(page, server.url)).map((c) => c.name), { timeout: 30_000 }).not.toContain(firstCache?.name);
      const after = await cachesOf(page, server.url);
      expect(after).toHaveLength(1);
      expect(after[0]?.paths).toEqual(siteFiles(next));
      expect(errors, errors.join('\n')).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
      rmSync(first, { recursive: true, force: true });
      rmSync(next, { recursive: true, force: true });
    }
  });
});
