import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIST, launchChromium, serveDist, watchErrors, type StaticServer } from './harness';
import type { Browser } from 'playwright-core';

/**
 * Faults of WebGL in the training worker, made in the worker itself: the site is served with a few
 * lines put before the worker's bundle (playwright cannot add init scripts to workers).
 */
const FAULTS = {
  /** Creating any WebGL context throws, as in Safari before 17 or with some Linux drivers (tfjs issues 7803, 8267). */
  throws: `{
    const getContext = OffscreenCanvas.prototype.getContext;
    OffscreenCanvas.prototype.getContext = function (kind, ...rest) {
      if (String(kind).startsWith('webgl')) throw new Error('simulated driver failure');
      return getContext.call(this, kind, ...rest);
    };
  }`,
  /** Every WebGL context comes back already lost. */
  lost: `{
    const getContext = OffscreenCanvas.prototype.getContext;
    OffscreenCanvas.prototype.getContext = function (kind, ...rest) {
      const gl = getContext.call(this, kind, ...rest);
      if (gl && String(kind).startsWith('webgl')) gl.getExtension('WEBGL_lose_context')?.loseContext();
      return gl;
    };
  }`,
  /**
   * tfjs' WEBGL_FORCE_F16_TEXTURES on, as its URL flag (?tfjsflags=WEBGL_FORCE_F16_TEXTURES:true)
   * would set it in this worker: put in the engine's URL flags as soon as tfjs creates its engine.
   */
  f16: `Object.defineProperty(self, '_tfengine', {
    configurable: true,
    get: () => undefined,
    set(engine) {
      Object.defineProperty(self, '_tfengine', { value: engine, writable: true, configurable: true });
      engine.ENV.urlFlags.WEBGL_FORCE_F16_TEXTURES = true;
    },
  });`,
} as const;

type Fault = keyof typeof FAULTS;

const workerFile = (path: string) => /^assets\/trainer\.worker-[\w-]+\.js$/.test(path);

describe('WebGL faults in the worker, in Chromium', () => {
  let browser: Browser | undefined;
  const servers: StaticServer[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    for (const server of servers) await server.close();
  });

  async function open(fault: Fault): Promise<{ page: Page; errors: string[] }> {
    let patched = 0;
    const server = await serveDist({
      override: (path) =>
        workerFile(path) ? (patched++, { status: 200, body: Buffer.concat([Buffer.from(FAULTS[fault] + '\n'), readFileSync(join(DIST, path))]) }) : null,
    });
    servers.push(server);
    const page = await browser!.newPage();
    const errors = watchErrors(page);
    await page.goto(server.url);
    await expect.poll(() => page.getByText(/60,000 training/).count(), { timeout: 60_000 }).toBe(1);
    // The page's worker, and the service worker precaching it (which rejects it: its hash differs from the build's).
    expect(patched).toBeGreaterThanOrEqual(1);
    return { page, errors };
  }

  const backendLine = (page: Page) => page.locator('.status-backend').textContent();

  async function trainsShortRun(page: Page): Promise<void> {
    await page.getByLabel('Training images', { exact: true }).fill('320');
    await page.getByLabel('Epochs', { exact: true }).fill('1');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 60_000 }).toBe('Finished');
  }

  it('context creation throws: Auto takes it as no WebGL and says why; asking for WebGL falls back to WebAssembly; training runs', async () => {
    const { page, errors } = await open('throws');
    await expect.poll(() => page.getByTestId('backend').textContent(), { timeout: 30_000 }).toBe('wasm · WebAssembly');
    expect(await page.getByTestId('backend-reason').textContent()).toBe(
      '(Auto chose WebAssembly: WebGL failed here (creating a WebGL2 context failed: simulated driver failure))',
    );
    await page.getByLabel('Backend').selectOption('webgl');
    await expect.poll(() => backendLine(page), { timeout: 30_000 }).toMatch(/webgl unavailable: creating a WebGL2 context failed: simulated driver failure/);
    expect(await page.getByTestId('backend').textContent()).toBe('wasm · WebAssembly');
    await trainsShortRun(page);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });

  it('the context comes back lost: Auto takes it as no WebGL and says why, and training runs', async () => {
    const { page, errors } = await open('lost');
    await expect.poll(() => page.getByTestId('backend').textContent(), { timeout: 30_000 }).toBe('wasm · WebAssembly');
    expect(await page.getByTestId('backend-reason').textContent()).toBe(
      '(Auto chose WebAssembly: WebGL failed here (its WebGL2 context was lost as soon as it was created))',
    );
    await trainsShortRun(page);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });

  it('tfjs forced to 16-bit float textures: Auto prefers WebAssembly and says why', async () => {
    const { page, errors } = await open('f16');
    await expect.poll(() => page.getByTestId('backend').textContent(), { timeout: 30_000 }).toBe('wasm · WebAssembly');
    expect(await page.getByTestId('backend-reason').textContent()).toBe(
      '(Auto chose WebAssembly: WebGL here has only 16-bit floats, too coarse to train on (losses turn to NaN))',
    );
    await trainsShortRun(page);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });
});
