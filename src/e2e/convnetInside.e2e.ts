import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { describeViolations, seriousViolations } from './axe';
import { useApp } from './harness';
import { probesOnScreen } from './insideCharts';

const app = useApp();
const DOCS = resolve(import.meta.dirname, '../../docs');

/**
 * A small convnet with per-channel BatchNorm, as a link carries it. Momentum 0.9: after the 125
 * steps of this short run, Keras' 0.99 leaves the moving statistics 28% at their start (mean 0,
 * variance 1) while a convolution's outputs on 0–1 pixels vary far less, and inference mode
 * scored chance (0.11 measured) where training mode had learned.
 */
const NET = 'conv8x3_same,bn_m0.9,relu,maxpool2,conv16x3_same,bn_m0.9,relu,maxpool2,flat,d64,bn_m0.9,relu,d10';

/** A screenshot of `target` alone, below the sticky run bar, saved as docs/convnet-NAME.png. */
async function shoot(page: Page, target: Locator, name: string): Promise<void> {
  mkdirSync(DOCS, { recursive: true });
  await target.evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 420));
  await page.mouse.move(1, 1);
  const box = await target.boundingBox();
  if (!box) throw new Error(`${name}: nothing to photograph`);
  // Whole, even where taller than the window (the convnet section).
  await page.screenshot({ path: join(DOCS, `convnet-${name}.png`), clip: { ...box, y: box.y + (await page.evaluate(() => window.scrollY)) }, fullPage: true });
}

/** Records the page's long tasks (over 50 ms) from its first script on, as [start, duration] in ms. */
const WATCH_LONG_TASKS = `window.__longTasks = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });`;

/** The longest main-thread task since `from` (page time, ms), 0 when none was over 50 ms. */
const longestTaskSince = (page: Page, from: number) =>
  page.evaluate((t) => Math.max(0, ...(window as unknown as { __longTasks: [number, number][] }).__longTasks.filter(([s]) => s >= t).map(([, d]) => d)), from);
const now = (page: Page) => page.evaluate(() => performance.now());

/** Grey levels a canvas holds (distinct values of its red channel): a drawn map has many, a blank one 1. */
const greyLevels = (canvas: Locator) =>
  canvas.evaluate(
    (c: HTMLCanvasElement) =>
      new Set(
        Array.from(
          c
            .getContext('2d')!
            .getImageData(0, 0, c.width, c.height)
            .data.filter((_, i) => i % 4 === 0),
        ),
      ).size,
  );

describe('inside a convnet in Chromium', () => {
  it('opens by link, trains, and shows per-channel BatchNorm views, feature maps, filters and predictions', async () => {
    const { page, errors } = await app.open({ width: 1400, height: 1400 });
    await page.addInitScript(WATCH_LONG_TASKS);
    await page.goto(`${app.server.url}?net=${NET}&limit=4000&ep=1`);
    await expect.poll(() => page.getByText('MNIST: 60,000 training / 10,000 test images').count(), { timeout: 60_000 }).toBe(1);
    const backend = (await page.getByTestId('backend').textContent())!;
    const summary = page.getByRole('table', { name: 'Model summary' });
    expect(await summary.textContent()).toContain('conv2d (Conv2D)(None, 28, 28, 8)');

    const inside = page.getByTestId('inside-batchnorm');
    const trainStart = await now(page);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    // Probes while it trains. The views redraw only while on screen, and the page grows above them as the run ends: scrolled to at each look.
    const distRun = inside.locator('#inside-dist-run');
    await expect.poll(() => probesOnScreen(distRun), { timeout: 120_000 }).toBeGreaterThanOrEqual(2);
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 240_000 }).toBe('Finished');
    const trainLongest = await longestTaskSince(page, trainStart);
    const accuracy = Number((await page.getByTestId('results-table').locator('tbody tr').first().locator('td').nth(2).textContent())!.trim());
    console.log(`convnet e2e on ${backend}: test accuracy ${accuracy} after 125 steps; longest main-thread task while training ${trainLongest.toFixed(0)} ms`);
    expect(accuracy).toBeGreaterThan(0.9);

    // Inside BatchNorm, per channel.
    const layer = inside.getByLabel('Layer', { exact: true });
    expect(await layer.locator('option').allTextContents()).toEqual([
      'Conv block 1: 8 channels 28×28, BatchNorm before ReLU',
      'Conv block 2: 16 channels 14×14, BatchNorm before ReLU',
      'Hidden layer 1: 64 units, BatchNorm before ReLU',
    ]);
    const channel = inside.getByLabel('Channel', { exact: true });
    expect(await channel.locator('option').count()).toBe(8);
    await channel.selectOption('3');
    await expect.poll(() => inside.getByRole('figure', { name: /: channel 4$/ }).count()).toBe(1);
    await expect.poll(() => inside.getByRole('figure', { name: "Mean of channel 4's input to BatchNorm" }).count()).toBe(1);
    const probes = Number(await inside.locator('#inside-dist-run').getAttribute('data-points'));
    expect(Number(await inside.locator('#inside-mean').getAttribute('data-points'))).toBe(probes);
    expect(await inside.locator('#inside-gamma-beta').getAttribute('data-points')).toBe('8');
    expect(await inside.getByTestId('inside-channel-sampling').textContent()).toMatch(/784 per image here.*4,096 of those values/);
    const grads = inside.locator('#inside-grads-run');
    const convRow = (await grads.getByRole('rowheader', { name: 'Conv layer 1 (8 filters)' }).locator('xpath=..').locator('td').allTextContents()).map(
      (t) => t,
    );
    expect(convRow[0]).toBe('yes: bias redundant');
    expect(Number(convRow[2]) / Number(convRow[1])).toBeLessThan(1e-3);
    await shoot(page, inside.locator('.inside-controls').first(), 'inside-controls');
    await shoot(page, inside.getByRole('region', { name: 'Distributions over training' }), 'inside-distributions');
    await shoot(page, inside.getByRole('region', { name: 'Batch statistics against moving statistics' }), 'inside-statistics');
    await layer.selectOption('1');
    await expect.poll(() => channel.locator('option').count()).toBe(16);
    await layer.selectOption('2');
    await expect.poll(() => inside.getByLabel('Unit', { exact: true }).locator('option').count()).toBe(64);

    // Inside a convnet: test image 0 (a 7), the filters, and every stage of both blocks.
    const section = page.getByTestId('inside-convnet');
    await expect
      .poll(() => section.getByTestId('convnet-image').textContent(), { timeout: 30_000 })
      .toMatch(/^Test image 0: true class 7; the run predicts \d \(/);
    const filters = section.getByRole('figure', { name: 'The 8 learned 3×3 filters of the first convolution' });
    expect(await filters.locator('canvas').count()).toBe(8);
    const block1 = section.getByRole('figure', { name: 'Conv block 1: 8 channels' });
    const block2 = section.getByRole('figure', { name: 'Conv block 2: 16 channels' });
    expect(await block1.locator('canvas').count()).toBe(4 * 8);
    expect(await block2.locator('canvas').count()).toBe(4 * 16);
    expect(await block1.locator('tbody th').evaluateAll((ths) => ths.map((th) => th.firstChild!.textContent))).toEqual([
      'Convolution (before BatchNorm)',
      'After BatchNorm',
      'After ReLU',
      'After max pool 2×2',
    ]);
    // Drawn: a map of a digit has many grey levels; a filter several colours.
    expect(await greyLevels(block1.getByRole('img', { name: /^After BatchNorm, channel 1:/ }))).toBeGreaterThan(10);
    expect(await greyLevels(block2.getByRole('img', { name: /^Convolution \(before BatchNorm\), channel 16:/ }))).toBeGreaterThan(10);
    expect(await greyLevels(filters.getByRole('img', { name: 'Filter 1 of 8' }))).toBeGreaterThan(3);

    // Another image: asked of the worker and drawn without a long main-thread task.
    const before = await now(page);
    await section.getByRole('button', { name: 'Next image' }).click();
    await expect.poll(() => section.getByTestId('convnet-image').textContent(), { timeout: 30_000 }).toMatch(/^Test image 1: true class 2;/);
    await page.waitForTimeout(300);
    const mapsLongest = await longestTaskSince(page, before);
    await section.getByLabel('Grey levels', { exact: true }).selectOption('channel');
    await expect.poll(() => block1.getByText('each channel its own range').count()).toBe(4);
    await section.getByLabel('Grey levels', { exact: true }).selectOption('stage');
    console.log(`feature maps of the next image: longest main-thread task ${mapsLongest.toFixed(0)} ms (0: none over 50 ms)`);
    expect(mapsLongest).toBeLessThan(50);
    await shoot(page, filters, 'filters');
    await shoot(page, block1, 'maps');
    await shoot(page, section, 'section');

    // Predictions, the confusion matrix and the drawing pad with the convnet run.
    const predictions = page.getByTestId('predictions');
    await expect.poll(() => predictions.getByTestId('digit-prediction').textContent(), { timeout: 30_000 }).toMatch(/Predicted: \d \(\d+\.\d\d%\)/);
    const matrix = predictions.getByTestId('confusion-matrix');
    await expect.poll(() => matrix.getAttribute('data-total'), { timeout: 60_000 }).toBe('2000');
    const pad = predictions.getByRole('application', { name: 'Drawing pad' });
    await pad.scrollIntoViewIfNeeded();
    const box = (await pad.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.8, { steps: 10 });
    await page.mouse.up();
    await expect.poll(() => predictions.getByTestId('probability-bars').locator('tbody tr').count(), { timeout: 30_000 }).toBe(10);
    await expect.poll(() => predictions.getByTestId('pad-result').getAttribute('aria-busy'), { timeout: 30_000 }).toBe('false');
    const probabilities = await predictions
      .getByTestId('probability-bars')
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-probability'))));
    expect(probabilities).toHaveLength(10);
    expect(probabilities.reduce((a, b) => a + b)).toBeCloseTo(1, 4);

    expect(describeViolations(await seriousViolations(page))).toBe('');
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  }, 420_000);
});
