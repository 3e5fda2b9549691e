import { join } from 'node:path';
import type { Page, Worker } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS, useApp } from './harness';

const app = useApp();

const step = async (page: Page) => Number((await page.getByTestId('step').textContent())?.replace(/,/g, ''));
const chartPoints = async (page: Page, id: string) => Number(await page.locator(`figure[aria-labelledby="${id}-title"]`).getAttribute('data-points'));
const runStatus = (page: Page) => page.getByTestId('run-status').textContent();

/**
 * Loses the training worker's WebGL context, as a GPU reset or a driver update would. No test
 * hook is needed: tfjs-core keeps its engine on the global object (`_tfengine`), and the webgl
 * backend's GL context hangs off it; `WEBGL_lose_context` is the standard way to simulate a loss.
 */
function loseContext(worker: Worker): Promise<string> {
  return worker.evaluate(() => {
    interface Engine {
      backendName: string;
      backend: { gpgpu: { gl: WebGL2RenderingContext } };
    }
    const engine = (self as unknown as { _tfengine: Engine })._tfengine;
    const gl = engine.backend.gpgpu.gl;
    gl.getExtension('WEBGL_lose_context')!.loseContext();
    return `${engine.backendName} lost: ${gl.isContextLost()}`;
  });
}

describe('a lost WebGL context in Chromium', () => {
  it('pauses the run with a message, keeps the chart, continues on WebAssembly from the same step and finishes; WebGL works again after', async () => {
    const { page, errors } = await app.open();
    await expect.poll(() => page.getByText(/60,000 training/).count(), { timeout: 60_000 }).toBe(1);
    // Auto would pick WebAssembly on this software-rendered WebGL; only WebGL can lose its context.
    await page.getByLabel('Backend').selectOption('webgl');
    await expect.poll(() => page.getByTestId('backend').textContent(), { timeout: 30_000 }).toMatch(/^webgl · /);
    // 3,200 images at batch 32: 100 steps an epoch, 300 in all.
    await page.getByLabel('Training images', { exact: true }).fill('3200');
    await page.getByLabel('Epochs', { exact: true }).fill('3');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => chartPoints(page, 'loss-chart'), { timeout: 60_000 }).toBeGreaterThan(20);
    const drawnBefore = await chartPoints(page, 'loss-chart');

    expect(await loseContext(page.workers()[0]!)).toBe('webgl lost: true');

    await expect.poll(() => runStatus(page), { timeout: 10_000 }).toBe('Paused');
    const status = page.getByRole('status').filter({ hasText: 'The GPU context was lost' });
    await expect.poll(() => status.textContent()).toMatch(/The GPU context was lost at step \d+\. Continue on WebAssembly\?/);
    const lostAt = Number((await status.textContent())!.match(/lost at step (\d+)/)![1]);
    // Nothing the user saw is lost: every step drawn before the loss is still drawn, and they agree.
    expect(lostAt).toBeGreaterThanOrEqual(drawnBefore);
    expect(await chartPoints(page, 'loss-chart')).toBe(lostAt);
    expect(await step(page)).toBe(lostAt);
    await page.waitForTimeout(1000);
    expect(await step(page)).toBe(lostAt);
    await page.screenshot({ path: join(SCREENSHOTS, 'context-lost.png'), fullPage: true });

    await page.getByRole('button', { name: 'Continue on WebAssembly' }).click();
    await expect.poll(() => page.getByTestId('backend').textContent(), { timeout: 30_000 }).toBe('wasm · WebAssembly');
    expect(await page.getByText('(The GPU context was lost)').count()).toBe(1);

    // The step count goes on from where it was, never back, until the run finishes.
    const seen: number[] = [];
    await expect
      .poll(
        async () => {
          seen.push(await step(page));
          return runStatus(page);
        },
        { timeout: 120_000, interval: 200 },
      )
      .toBe('Finished');
    seen.push(await step(page));
    expect(seen.every((s, i) => s >= lostAt && (i === 0 || s >= seen[i - 1]!))).toBe(true);
    expect(seen.some((s) => s > lostAt && s < 300)).toBe(true);
    expect(seen.at(-1)).toBe(300);
    // Every step exactly once on the chart (none lost, none twice), and every epoch's validation.
    expect(await chartPoints(page, 'loss-chart')).toBe(300);
    expect(await page.locator('figure[aria-labelledby="loss-chart-title"]').getAttribute('data-validation-points')).toBe('3');
    await expect.poll(() => page.getByTestId('test-result').textContent()).toMatch(/^Test set: loss \d\.\d{4} · accuracy \d/);

    // The lost backend was replaced by a fresh one: WebGL can be chosen and trains again.
    await page.getByLabel('Backend').selectOption('webgl');
    await expect.poll(() => page.getByTestId('backend').textContent(), { timeout: 30_000 }).toMatch(/^webgl · /);
    await page.getByLabel('Training images', { exact: true }).fill('640');
    await page.getByLabel('Epochs', { exact: true }).fill('1');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => runStatus(page), { timeout: 60_000 }).toBe('Finished');
    // Both runs are drawn: the first one's 300 steps and this one's 20.
    expect(await chartPoints(page, 'loss-chart')).toBe(320);
    // The loss was handled, not reported as a worker failure.
    expect(await page.getByText(/training worker (reported an error|crashed)/).count()).toBe(0);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });
});
