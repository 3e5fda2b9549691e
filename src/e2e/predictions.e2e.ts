import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { describeViolations, seriousViolations } from './axe';
import { serveDist, useApp } from './harness';

const app = useApp();
const DOCS = resolve(import.meta.dirname, '../../docs');

/** A screenshot of `target` alone: scrolled below the sticky run bar, clipped to its box. */
async function shoot(page: Page, target: Locator, name: string): Promise<void> {
  mkdirSync(DOCS, { recursive: true });
  await target.evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 150));
  const box = await target.boundingBox();
  if (!box) throw new Error(`${name}: nothing to photograph`);
  await page.screenshot({ path: join(DOCS, `predictions-${name}.png`), clip: box });
}

/** Trains one small run (2,000 images, 1 epoch) from the form as it stands, to the end. */
async function trainSmall(page: Page): Promise<void> {
  await page.getByLabel('Training images', { exact: true }).fill('2000');
  await page.getByLabel('Epochs', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 120_000 }).toBe('Finished');
}

/** Draws a "7" on the pad with the mouse, in two strokes. */
async function drawSeven(page: Page, pad: Locator): Promise<void> {
  const box = (await pad.boundingBox())!;
  const at = (x: number, y: number) => [box.x + (x / 280) * box.width, box.y + (y / 280) * box.height] as const;
  await page.mouse.move(...at(70, 60));
  await page.mouse.down();
  for (const [x, y] of [
    [140, 60],
    [210, 62],
    [180, 130],
    [150, 200],
    [135, 235],
  ] as const)
    await page.mouse.move(...at(x, y), { steps: 6 });
  await page.mouse.up();
}

describe('data and predictions', () => {
  it('shows a test image and its heat map, then a trained run’s predictions, confusion matrix and a drawing’s probabilities', async () => {
    const { page, errors } = await app.open({ width: 1400, height: 1400 });
    const section = page.getByTestId('predictions');
    await expect.poll(() => page.getByText('MNIST: 60,000 training / 10,000 test images').count(), { timeout: 60_000 }).toBe(1);

    // Without any run: the test images themselves. MNIST's first test images are a 7, a 2 and a 1.
    await expect.poll(() => section.getByTestId('digit-label').textContent(), { timeout: 30_000 }).toBe('True class: 7');
    await expect.poll(() => section.getByTestId('predictions-no-run').count()).toBe(1);
    const heat = section.getByRole('img', { name: 'Heat map of test image 0' });
    // The heat map is drawn: its canvas holds many colours, white (no ink) among them.
    const colours = await heat.evaluate((c: HTMLCanvasElement) => {
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<string>();
      for (let i = 0; i < data.length; i += 4) seen.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
      return { count: seen.size, white: seen.has('255,255,255') };
    });
    expect(colours.count).toBeGreaterThan(20);
    expect(colours.white).toBe(true);
    await section.getByRole('button', { name: 'Next image' }).click();
    await expect.poll(() => section.getByTestId('digit-label').textContent()).toBe('True class: 2');
    await section.getByLabel('Test image', { exact: true }).fill('2');
    await expect.poll(() => section.getByTestId('digit-label').textContent()).toBe('True class: 1');
    await section.getByLabel('Test image', { exact: true }).fill('10000');
    await expect.poll(() => section.getByText('Test image must be a whole number from 0 to 9,999').count()).toBe(1);
    await section.getByLabel('Test image', { exact: true }).fill('0');

    await trainSmall(page);
    const runName = (await page.getByTestId('results-table').locator('tbody th').first().textContent())!.trim();
    const testAccuracy = Number((await page.getByTestId('results-table').locator('tbody tr').first().locator('td').nth(2).textContent())!.trim());
    expect(testAccuracy).toBeGreaterThan(0.8);
    await expect.poll(() => section.getByLabel('Predict with run', { exact: true }).count()).toBe(1);
    expect(await section.getByLabel('Predict with run', { exact: true }).locator('option').first().textContent()).toBe(`${runName} (MNIST)`);
    await expect
      .poll(() => section.getByTestId('digit-prediction').textContent(), { timeout: 30_000 })
      .toMatch(/Predicted: \d \(\d+\.\d\d%\) [✓✗] (right|wrong)/);
    await shoot(page, section.getByRole('region', { name: 'One test image, as a picture and as numbers' }), 'digit');

    // The grid: 24 images, each with its predicted and true class; wrong ones marked in three ways.
    const grid = section.getByRole('list', { name: `Predictions of ${runName}` });
    await expect.poll(() => grid.getByRole('listitem').count(), { timeout: 30_000 }).toBe(24);
    let page24 = 0;
    while ((await grid.locator('li[data-right="false"]').count()) === 0 && page24 < 10) {
      await section.getByRole('button', { name: 'Next 24 images' }).click();
      page24 += 1;
      await expect.poll(() => grid.getByRole('listitem').first().getByRole('img').getAttribute('aria-label')).toBe(`Test image ${page24 * 24}`);
    }
    const items = grid.getByRole('listitem');
    const wrong = grid.locator('li[data-right="false"]');
    const wrongCount = await wrong.count();
    expect(wrongCount).toBeGreaterThan(0);
    for (let i = 0; i < 24; i++) {
      const text = (await items.nth(i).textContent())!;
      expect(text).toMatch(/True: \d$/);
      const right = (await items.nth(i).getAttribute('data-right')) === 'true';
      expect(text.startsWith(right ? '✓ ' : '✗ Wrong: ')).toBe(true);
      // A wrong one names another class than the true one; a right one the same.
      const [, predicted, truth] = /(\d) \d+%True: (\d)$/.exec(text)!;
      expect(predicted === truth).toBe(right);
    }
    expect(await wrong.first().evaluate((el) => getComputedStyle(el).borderStyle)).toBe('dashed');
    expect(await section.getByText(`${24 - wrongCount} of 24 right, ${wrongCount} wrong`).count()).toBe(1);
    await shoot(page, section.getByRole('region', { name: 'Predictions on test images' }), 'grid');

    // The confusion matrix on the first 2,000 test images: counts sum to 2,000, row by row to each class's total.
    const matrix = section.getByTestId('confusion-matrix');
    await expect.poll(() => matrix.getAttribute('data-total'), { timeout: 30_000 }).toBe('2000');
    const cellCounts = async () =>
      matrix.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td:not(.accuracy)'), (td) => Number(td.textContent))));
    const counts = await cellCounts();
    expect(counts).toHaveLength(10);
    expect(counts.every((row) => row.length === 10)).toBe(true);
    expect(counts.flat().reduce((a, b) => a + b)).toBe(2000);
    expect(await matrix.getByRole('columnheader').allTextContents()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'Accuracy']);
    const accuracies = await matrix.getByTestId('class-accuracy').allTextContents();
    accuracies.forEach((text, t) => {
      const [, percent, correct, total] = /^([\d.]+)% \((\d+)\/(\d+)\)$/.exec(text)!;
      expect(Number(correct)).toBe(counts[t]![t]);
      expect(Number(total)).toBe(counts[t]!.reduce((a, b) => a + b));
      expect(Number(percent)).toBeCloseTo((100 * Number(correct)) / Number(total), 2);
    });
    await shoot(page, section.getByRole('region', { name: 'Confusion matrix and accuracy per class' }), 'confusion');
    // On all 10,000 it is the run's own test accuracy: the same inference, from the kept model.
    await section.getByLabel('Test images evaluated', { exact: true }).selectOption('10000');
    await expect.poll(() => matrix.getAttribute('data-total'), { timeout: 60_000 }).toBe('10000');
    const all = (await cellCounts()).flat();
    expect(all.reduce((a, b) => a + b)).toBe(10000);
    const diagonal = (await cellCounts()).reduce((sum, row, t) => sum + row[t]!, 0);
    expect(Math.abs(diagonal / 10000 - testAccuracy)).toBeLessThan(0.0006);

    // Draw a 7 with the mouse: ten probabilities that sum to 1, and what the network saw.
    const pad = section.getByRole('application', { name: 'Drawing pad' });
    const result = section.getByTestId('pad-result');
    await drawSeven(page, pad);
    // Answers arrive while drawing; wait for the one about the whole drawing.
    await expect.poll(() => result.getAttribute('aria-busy'), { timeout: 30_000 }).toBe('false');
    const bars = section.getByTestId('probability-bars');
    expect(await bars.locator('tbody tr').count()).toBe(10);
    const probabilities = await bars.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-probability'))));
    expect(probabilities.reduce((a, b) => a + b)).toBeCloseTo(1, 4);
    expect(await bars.locator('tr.top th').textContent()).toMatch(/^\d ◀ most likely$/);
    // MNIST's preprocessing, in the browser: the ink fits 20 x 20, its centre of mass within half a pixel of (14, 14);
    // the 7 is taller (175 pad pixels) than wide (140), so 20 tall.
    const seen = await section.getByRole('img', { name: 'Your drawing as the network sees it, 28 × 28' }).evaluate((c: HTMLCanvasElement) => {
      const data = c.getContext('2d')!.getImageData(0, 0, 28, 28).data;
      let [sum, sx, sy, minX, minY, maxX, maxY] = [0, 0, 0, 28, 28, -1, -1];
      for (let i = 0; i < 784; i++) {
        const [v, x, y] = [data[i * 4]! / 255, i % 28, Math.floor(i / 28)];
        if (v === 0) continue;
        [sum, sx, sy] = [sum + v, sx + v * x, sy + v * y];
        [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)];
      }
      return { cx: sx / sum, cy: sy / sum, width: maxX - minX + 1, height: maxY - minY + 1 };
    });
    expect(Math.abs(seen.cx - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(seen.cy - 14)).toBeLessThanOrEqual(0.5);
    expect(seen.height).toBe(20);
    expect(seen.width).toBeLessThan(20);
    await shoot(page, section.getByRole('region', { name: 'Draw your own' }), 'drawing');
    // Every view on the page at once, and axe finds nothing serious.
    const violations = await seriousViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);

    // Clear, then the keyboard: Space puts the pen down, arrows draw a stroke, Space lifts it.
    await section.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => section.getByText('Nothing drawn yet.').count()).toBe(1);
    await pad.focus();
    await page.keyboard.press('Space');
    for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    await expect.poll(() => result.getAttribute('aria-busy'), { timeout: 30_000 }).toBe('false');
    expect(await bars.locator('tbody tr').count()).toBe(10);
    const keyed = await bars.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-probability'))));
    expect(keyed.reduce((a, b) => a + b)).toBeCloseTo(1, 4);
    // Space on the pad drew; it did not pause anything or scroll (no run trains, nothing to see there).
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });

  it('says which Fashion-MNIST file is missing, offers Retry, and loads it once the file is back', async () => {
    let broken = true;
    const flaky = await serveDist({
      override: (path) => (broken && path === 'data/fashion-mnist/t10k-labels-idx1-ubyte.gz' ? { status: 404, body: Buffer.from('gone') } : null),
    });
    const page = await app.browser.newPage();
    try {
      await page.goto(flaky.url);
      await expect.poll(() => page.getByText('MNIST: 60,000 training / 10,000 test images').count(), { timeout: 60_000 }).toBe(1);
      await page.getByLabel('Dataset', { exact: true }).selectOption('fashion');
      const alert = page.getByRole('alert').filter({ hasText: 'Could not load Fashion-MNIST' });
      await expect.poll(() => alert.textContent(), { timeout: 60_000 }).toMatch(/t10k-labels-idx1-ubyte\.gz: HTTP 404.*missing from this site/);
      expect(await page.getByRole('button', { name: 'Train', exact: true }).isEnabled()).toBe(false);
      broken = false;
      await page.getByRole('button', { name: 'Retry' }).click();
      await expect.poll(() => page.getByText('Fashion-MNIST: 60,000 training / 10,000 test images').count(), { timeout: 60_000 }).toBe(1);
    } finally {
      await page.close();
      await flaky.close();
    }
  });

  it('switches to Fashion-MNIST: loads it, trains on it, and names the classes everywhere', async () => {
    const { page, errors } = await app.open({ width: 1400, height: 1400 });
    const section = page.getByTestId('predictions');
    await expect.poll(() => page.getByText('MNIST: 60,000 training / 10,000 test images').count(), { timeout: 60_000 }).toBe(1);
    await page.getByLabel('Dataset', { exact: true }).selectOption('fashion');
    await expect.poll(() => page.getByText('Fashion-MNIST: 60,000 training / 10,000 test images').count(), { timeout: 90_000 }).toBe(1);
    // Fashion-MNIST's first test image is an ankle boot.
    await expect.poll(() => section.getByTestId('digit-label').textContent(), { timeout: 30_000 }).toBe('True class: Ankle boot');
    expect(await page.getByLabel('Link to this experiment', { exact: true }).inputValue()).toMatch(/[?&]data=fashion(&|$)/);

    await trainSmall(page);
    const runName = (await page.getByTestId('results-table').locator('tbody th').first().textContent())!.trim();
    expect(runName).toMatch(/ · Fashion-MNIST$/);
    const grid = section.getByRole('list', { name: `Predictions of ${runName}` });
    await expect.poll(() => grid.getByRole('listitem').count(), { timeout: 30_000 }).toBe(24);
    const names = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
    const texts = await grid.getByRole('listitem').allTextContents();
    for (const text of texts) expect(names.some((n) => text.endsWith(`True: ${n}`))).toBe(true);
    const matrix = section.getByTestId('confusion-matrix');
    await expect.poll(() => matrix.getAttribute('data-total'), { timeout: 30_000 }).toBe('2000');
    // Headers wrap only after a slash: a no-break hyphen and a zero-width space in the text.
    const headers = (await matrix.getByRole('columnheader').allTextContents()).map((h) => h.replace(/\u2011/g, '-').replace(/\u200b/g, ''));
    expect(headers).toEqual([...names, 'Accuracy']);
    expect(await matrix.getByRole('rowheader').allTextContents()).toEqual(names);
    await shoot(page, section.getByRole('region', { name: 'Predictions on test images' }), 'fashion-grid');
    await shoot(page, section.getByRole('region', { name: 'Confusion matrix and accuracy per class' }), 'fashion-confusion');

    // Back to MNIST: it loads again, and the Fashion run still answers about its own images.
    await page.getByLabel('Dataset', { exact: true }).selectOption('mnist');
    await expect.poll(() => page.getByText('MNIST: 60,000 training / 10,000 test images').count(), { timeout: 60_000 }).toBe(1);
    await section.getByRole('button', { name: 'Next 24 images' }).click();
    await expect.poll(() => grid.getByRole('listitem').first().getByRole('img').getAttribute('aria-label'), { timeout: 30_000 }).toBe('Test image 24');
    const after = await grid.getByRole('listitem').allTextContents();
    for (const text of after) expect(names.some((n) => text.endsWith(`True: ${n}`))).toBe(true);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });
});
