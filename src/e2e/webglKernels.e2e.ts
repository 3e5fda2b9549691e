import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, serveDist, type StaticServer } from './harness';
import type { Browser } from 'playwright-core';

/**
 * The optimizer's hand-written WebGL shader (src/engine/webglAdam.ts) runs only in a browser
 * with WebGL: this builds a small page that trains the tutorial network with it and with the
 * same rule in tfjs ops, from the same start on the same batches, and compares the weights.
 */
let out: string;
let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'webgl-check-'));
  await build({
    configFile: false,
    root: fileURLToPath(new URL('./webglCheck', import.meta.url)),
    base: './',
    logLevel: 'warn',
    build: { outDir: out, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 5000 },
  });
  server = await serveDist({ root: out });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(out, { recursive: true, force: true });
});

describe('the WebGL Adam shader', () => {
  it('matches Adam written in tfjs ops over 30 steps of the tutorial network', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    const result = await page.evaluate(() => window.webglCheck());
    expect(result.backend).toBe('webgl');
    // The weights really moved (30 Adam steps of 1e-3 each), and the two agree to float noise.
    expect(result.moved).toBeGreaterThan(1e-3);
    expect(result.maxDiff).toBeLessThan(1e-4);
    // Gradients down to 1e-9, where Keras' rule and tfjs' differ 15× to 190× (optimizers.test.ts): the shader follows the ops.
    expect(result.tinyRelativeDiff).toBeLessThan(1e-3);
    await page.close();
  });
});

describe("the convolution's filter gradient on WebGL", () => {
  it("as one dilated convolution (what the engine runs) matches WebGL's own Conv2DBackpropFilter on the presets' layer shapes", async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    const result = await page.evaluate(() => window.convGradCheck());
    expect(result.backend).toBe('webgl');
    for (const c of result.cases) {
      console.log(`conv filter gradient on WebGL, ${c.name}: largest difference ${c.maxDiff.toExponential(2)} of values up to ${c.scale.toFixed(1)}`);
      expect(c.scale).toBeGreaterThan(1);
      expect(c.maxDiff / c.scale).toBeLessThan(1e-4);
    }
    await page.close();
  });
});
