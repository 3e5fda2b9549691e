import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { describeViolations, seriousViolations } from './axe';
import { SCREENSHOTS, useApp } from './harness';

const app = useApp();
const DOCS = resolve(import.meta.dirname, '../../docs');

/** The results column from its top, `height` pixels of it (the sticky run bar misplaces full-page shots). */
async function shotOfResults(page: Page, file: string, height: number) {
  await page.evaluate(() => scrollTo(0, 0));
  const box = (await page.locator('.results').boundingBox())!;
  await page.screenshot({ path: join(DOCS, file), clip: { x: box.x, y: box.y, width: box.width, height: Math.min(height, box.height) } });
}

const statuses = (page: Page) => page.locator('.runs-table tbody tr td:nth-child(3)').allTextContents();
const allFinished = async (page: Page, n: number) => {
  const s = await statuses(page);
  return s.length === n && s.every((t) => t.startsWith('Finished'));
};

describe('robustness in Chromium: the scaling pitfall and LayerNorm', () => {
  it('warns when evaluation images are scaled unlike training images, not when they match, and trains with LayerNorm', async () => {
    const { page, errors } = await app.open({ width: 1400, height: 2000 });
    await expect.poll(() => page.getByText(/60,000 training/).count(), { timeout: 60_000 }).toBe(1);
    await page.getByLabel('Backend').selectOption('wasm');
    await expect.poll(() => page.getByTestId('backend').textContent(), { timeout: 30_000 }).toMatch(/^wasm/);

    // The pitfall preset fills in the form: its first run, on a small subset.
    await page.getByLabel('Preset', { exact: true }).selectOption('notebook-pitfall');
    expect(await page.getByLabel('Training pixel scaling', { exact: true }).inputValue()).toBe('div255twice');
    expect(await page.getByLabel('Evaluation pixel scaling', { exact: true }).inputValue()).toBe('div255');
    expect(await page.getByRole('switch', { name: 'BatchNorm on the input' }).isChecked()).toBe(true);
    // 785 steps: enough for the input BatchNorm's moving statistics (1% per step) to settle on the tiny training pixels.
    const controls = (await page.locator('.controls').boundingBox())!;
    await page.screenshot({ path: join(SCREENSHOTS, 'robustness-controls.png'), clip: { ...controls, height: Math.min(controls.height, 1900) } });
    await page.getByLabel('Training images', { exact: true }).fill('10000');
    await page.getByLabel('Epochs', { exact: true }).fill('5');
    await page.getByRole('button', { name: 'Train', exact: true }).click();

    const note = page.getByTestId('input-mismatch');
    await expect.poll(() => note.count(), { timeout: 60_000 }).toBe(1);
    expect(await note.textContent()).toMatch(
      /^Scaling mismatch in BN in\+hidden · 256\/128 · bs 64 · lr 1e-3 · train 0–0\.004 · eval 0–1\. Your test images are 2\d\d× brighter on average than your training images \(mean pixel 0\.133 against 0\.000\d+, largest 1 against 0\.00392\): they were scaled differently\. BatchNorm on the input then sees values it never saw in training/,
    );
    await expect.poll(() => page.getByText('⚠ Evaluation images scaled differently from training images').count()).toBe(1);
    await expect.poll(() => allFinished(page, 1), { timeout: 180_000 }).toBe(true);
    // The results say it too: finished, with the warning still beside the charts, and the validation loss far up.
    expect(await note.count()).toBe(1);
    const history = page.getByRole('table', { name: /^History per epoch of / });
    const column = async (n: number) => (await history.locator(`tbody tr td:nth-child(${n})`).allTextContents()).map(Number);
    const [trainAccuracy, valLoss] = [await column(3), await column(4)];
    expect(valLoss).toHaveLength(5);
    expect(trainAccuracy.at(-1)).toBeGreaterThan(0.97);
    expect(valLoss.at(-1)).toBeGreaterThanOrEqual(10);
    await page.getByLabel('X axis').selectOption('epoch');
    await shotOfResults(page, 'robustness-pitfall.png', 1300);

    // Matching the evaluation scaling to the training scaling: the new run has no warning.
    await page.getByLabel('Evaluation pixel scaling', { exact: true }).selectOption('div255twice');
    await page.getByLabel('Training images', { exact: true }).fill('2000');
    await page.getByLabel('Epochs', { exact: true }).fill('1');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => allFinished(page, 2), { timeout: 180_000 }).toBe(true);
    expect(await page.getByText('⚠ Evaluation images scaled differently from training images').count()).toBe(1);
    await page.getByRole('button', { name: /^Delete BN in\+hidden · 256\/128 · bs 64 · lr 1e-3 · train 0–0\.004 · eval 0–1$/ }).click();
    await expect.poll(() => note.count()).toBe(0);
    expect(await page.getByText('⚠ Evaluation images scaled differently from training images').count()).toBe(0);

    // Back on the standard scaling: the network with BatchNorm, then with LayerNorm on both hidden layers instead.
    await page.getByRole('button', { name: /^Delete BN in\+hidden · 256\/128 · bs 64 · lr 1e-3 · train 0–0\.004 · eval 0–0\.004$/ }).click();
    await page.getByLabel('Training pixel scaling', { exact: true }).selectOption('div255');
    await page.getByLabel('Evaluation pixel scaling', { exact: true }).selectOption('div255');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => allFinished(page, 1), { timeout: 180_000 }).toBe(true);
    for (const name of ['Hidden layer 1', 'Hidden layer 2']) {
      const layer = page.getByRole('group', { name });
      await layer.getByRole('switch', { name: 'LayerNorm' }).check();
      expect(await layer.getByRole('switch', { name: 'BatchNorm' }).isChecked()).toBe(false);
    }
    await expect.poll(() => page.getByRole('table', { name: 'Model summary' }).textContent()).toContain('layer_normalization_1 (LayerNormalization)');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => allFinished(page, 2), { timeout: 180_000 }).toBe(true);
    const names = (await page.locator('.runs-table .run-name').allTextContents()).map((n) => n.trim());
    expect(names).toEqual(['BN in+hidden · 256/128 · bs 64 · lr 1e-3', 'BN input + LN · 256/128 · bs 64 · lr 1e-3']);
    const accuracies = (await page.getByTestId('results-table').locator('tbody tr td:nth-child(4)').allTextContents()).map((t) =>
      Number(t.replace(/[^0-9.]/g, '')),
    );
    // Both learn on 2,000 images in one epoch; LayerNorm trains as a network should.
    expect(accuracies.every((a) => a > 0.7)).toBe(true);
    expect(await note.count()).toBe(0);
    await shotOfResults(page, 'robustness-layernorm.png', 1300);

    // The new controls are labelled and keyboard-reachable like the rest: axe finds nothing serious.
    const serious = await seriousViolations(page);
    expect(serious, describeViolations(serious)).toEqual([]);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });
});
