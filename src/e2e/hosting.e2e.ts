import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { DIST, launchChromium, serveDist, watchErrors } from './harness';

/**
 * The built site as a project page on a static host: served under a sub-path, it finds its
 * scripts, worker, wasm and data relative to the page, trains, and asks no other origin for anything.
 */
it('trains from a sub-path of a static host and requests nothing from any other origin', async () => {
  const server = await serveDist({ prefix: '/batchnorm/' });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    // Requests from the worker are seen through the context as well.
    page.context().on('request', (r) => requested.push(r.url()));
    await page.goto(server.url);
    await expect.poll(() => page.getByText(/60,000 training/).count(), { timeout: 60_000 }).toBe(1);
    await page.getByLabel('Training images', { exact: true }).fill('640');
    await page.getByLabel('Epochs', { exact: true }).fill('1');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 90_000 }).toBe('Finished');

    const origin = new URL(server.url).origin;
    const foreign = requested.filter((u) => !u.startsWith(`${origin}/batchnorm/`) && !u.startsWith('data:') && !u.startsWith('blob:'));
    expect(foreign).toEqual([]);
    expect(requested.some((u) => u.endsWith('/batchnorm/data/mnist/train-images-idx3-ubyte.gz'))).toBe(true);
    expect(errors, errors.join('\n')).toEqual([]);

    // The Content Security Policy is in force: a script asking another origin is refused by the browser.
    const violation = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          document.addEventListener('securitypolicyviolation', (e) => resolve(`${e.effectiveDirective} ${e.blockedURI}`));
          fetch('http://127.0.0.2:9/elsewhere').catch(() => setTimeout(() => resolve('no violation'), 500));
        }),
    );
    expect(violation).toBe('connect-src http://127.0.0.2:9/elsewhere');
  } finally {
    await browser.close();
    await server.close();
  }
});

/**
 * The page stays light and interactive while MNIST loads because tfjs lives only in the worker:
 * the main-thread bundle must not contain it (tfjs-core's environment flag names are the tell).
 * One value import of a tfjs-using module from the UI would pull it in.
 */
it('keeps tfjs out of the main-thread bundle (it is in the worker)', () => {
  const assets = join(DIST, 'assets');
  const files = readdirSync(assets);
  const main = files.filter((f) => /^index-.*\.js$/.test(f));
  const worker = files.filter((f) => /worker.*\.js$/.test(f));
  expect(main.length).toBeGreaterThan(0);
  expect(worker.length).toBeGreaterThan(0);
  const markers = ['WEBGL_VERSION', 'IS_BROWSER', 'WASM_HAS_SIMD_SUPPORT'];
  const text = (names: string[]) => names.map((f) => readFileSync(join(assets, f), 'utf8')).join('\n');
  expect(markers.filter((m) => text(main).includes(m))).toEqual([]);
  // Not vacuous: the worker has them.
  expect(markers.filter((m) => text(worker).includes(m))).toEqual(markers);
});
