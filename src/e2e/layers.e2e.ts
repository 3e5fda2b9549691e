import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { describeViolations, seriousViolations } from './axe';
import { SCREENSHOTS, useApp } from './harness';

const app = useApp();
const DOCS = resolve(import.meta.dirname, '../../docs');

const statuses = (page: Page) => page.locator('.runs-table tbody tr td:nth-child(3)').allTextContents();
const allFinished = async (page: Page, n: number) => {
  const s = await statuses(page);
  return s.length === n && s.every((t) => t.startsWith('Finished'));
};
const runNames = async (page: Page) => (await page.locator('.runs-table .run-name').allTextContents()).map((n) => n.trim());

async function ready(page: Page) {
  await expect.poll(() => page.getByText(/60,000 training/).count(), { timeout: 60_000 }).toBe(1);
  await expect.poll(() => page.getByTestId('backend').textContent(), { timeout: 30_000 }).toMatch(/^wasm/);
}

const DROP_BEFORE = 'BN · 128/64 · bs 32 · lr 1e-3 · drop 0.5/0';
const DROP_AFTER = 'BN · 128/64 · bs 32 · lr 1e-3 · drop 0/0.5';

describe('dropout in Chromium', () => {
  it('is set per hidden layer in the form, listed in the summary, carried by the link, compared with and without, kept across a reload and in the runs file', async () => {
    const { page, errors } = await app.open({ width: 1400, height: 1600 });
    await ready(page);
    const layer1 = page.getByRole('group', { name: 'Hidden layer 1' });
    const rate = layer1.getByLabel('Dropout rate', { exact: true });
    expect(await rate.inputValue()).toBe('0');
    await rate.fill('0.95');
    await expect.poll(() => layer1.getByText('Dropout rate must be at most 0.9').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Train', exact: true }).isDisabled()).toBe(true);
    await rate.fill('0.5');
    await expect.poll(() => page.getByRole('table', { name: 'Model summary' }).textContent()).toContain('dropout (Dropout)');
    const link = page.getByLabel('Link to this experiment', { exact: true });
    await expect.poll(() => link.inputValue()).toMatch(/[?&]layers=128bn_d0\.5,64bn(&|$)/);
    const opened = await app.browser.newPage();
    await opened.goto(await link.inputValue());
    await expect.poll(() => opened.getByRole('group', { name: 'Hidden layer 1' }).getByLabel('Dropout rate', { exact: true }).inputValue()).toBe('0.5');
    await opened.close();

    // A pair without and with dropout in every hidden layer, from the same start.
    await rate.fill('0');
    await page.getByLabel('Training images', { exact: true }).fill('2000');
    await page.getByLabel('Epochs', { exact: true }).fill('1');
    await page.getByLabel('Setting that differs').selectOption('dropout');
    expect(await page.getByLabel('Values', { exact: true }).inputValue()).toBe('0, 0.5');
    await page.getByRole('button', { name: 'Train comparison (2 runs)' }).click();
    await expect.poll(() => allFinished(page, 2), { timeout: 120_000 }).toBe(true);
    expect(await runNames(page)).toEqual(['BN · 128/64 · bs 32 · lr 1e-3', 'BN · 128/64 · bs 32 · lr 1e-3 · drop 0.5/0.5']);
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download runs (JSON)' }).click()]);
    const runs = JSON.parse(readFileSync((await file.path())!, 'utf8')) as {
      version: number;
      runs: { config: { model: { layers: { kind: string; rate?: number }[] } }; steps: { loss: number[] } }[];
    };
    expect(runs.version).toBe(2);
    const dropouts = runs.runs.map((r) => r.config.model.layers.filter((l) => l.kind === 'dropout').map((l) => l.rate));
    expect(dropouts).toEqual([[], [0.5, 0.5]]);
    // Same weights and first batch; dropout changes the first loss.
    expect(runs.runs[0]!.steps.loss[0]).not.toBe(runs.runs[1]!.steps.loss[0]);
    const accuracies = (await page.getByTestId('results-table').locator('tbody tr td:nth-child(4)').allTextContents()).map((t) =>
      Number(t.replace(/[^0-9.]/g, '')),
    );
    expect(accuracies, String(accuracies)).toHaveLength(2);
    // Both learn (chance is 0.1); in one short epoch dropout 0.5 in every layer learns more slowly (measured 0.84 and 0.72).
    expect(
      accuracies.every((a) => a > 0.5),
      String(accuracies),
    ).toBe(true);
    expect(accuracies[0]!, String(accuracies)).toBeGreaterThan(accuracies[1]!);

    await page.reload();
    await expect.poll(() => runNames(page), { timeout: 30_000 }).toEqual(['BN · 128/64 · bs 32 · lr 1e-3', 'BN · 128/64 · bs 32 · lr 1e-3 · drop 0.5/0.5']);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  }, 240_000);

  it('the variance-shift preset: dropout before BatchNorm against after it, and Inside BatchNorm shows the shift', async () => {
    const { page, errors } = await app.open({ width: 1400, height: 1600 });
    await ready(page);
    await page.getByLabel('Preset', { exact: true }).selectOption('dropout-variance-shift');
    expect(await page.getByRole('group', { name: 'Hidden layer 1' }).getByLabel('Dropout rate', { exact: true }).inputValue()).toBe('0.5');
    expect(await page.getByRole('group', { name: 'Hidden layer 2' }).getByLabel('Dropout rate', { exact: true }).inputValue()).toBe('0');
    // The preset's own plan: 2 epochs on 10,000 images (626 steps), about 25 s here on wasm.
    await page.getByRole('button', { name: 'Train preset (2 runs)' }).click();
    await expect.poll(() => allFinished(page, 2), { timeout: 180_000 }).toBe(true);
    expect(await runNames(page)).toEqual([DROP_BEFORE, DROP_AFTER]);

    const section = page.getByTestId('inside-batchnorm');
    await section.getByLabel('Inside run', { exact: true }).selectOption({ label: DROP_BEFORE });
    await section.getByLabel('Layer', { exact: true }).selectOption('1');
    const shift = section.locator('#inside-variance-shift');
    await expect.poll(() => shift.count(), { timeout: 10_000 }).toBe(1);
    const text = (await shift.textContent())!;
    const ratio = Number(/inference feeds it ([\d.]+)×/.exec(text)?.[1]);
    // Dropout 0.5 doubles the variance of what it passes on in training: inference feeds BatchNorm less.
    expect(ratio).toBeGreaterThan(0);
    expect(ratio).toBeLessThan(0.9);
    await expect.poll(async () => Number(await section.locator('#inside-variance').getAttribute('data-points'))).toBeGreaterThan(2);
    await shift.scrollIntoViewIfNeeded();
    const region = section.getByRole('region', { name: 'Batch statistics against moving statistics' });
    // The charts mount once scrolled near, one per frame.
    for (const id of ['inside-mean', 'inside-variance']) await expect.poll(() => region.locator(`#${id} path.inside-line`).count()).toBeGreaterThanOrEqual(2);
    await region.screenshot({ path: join(SCREENSHOTS, 'inside-variance-shift.png') });
    await region.screenshot({ path: join(DOCS, 'inside-variance-shift.png') });
    // Dropout after the last BatchNorm: no BatchNorm sees it, and the caption is not shown.
    await section.getByLabel('Inside run', { exact: true }).selectOption({ label: DROP_AFTER });
    await section.getByLabel('Layer', { exact: true }).selectOption('1');
    await expect.poll(() => shift.count()).toBe(0);
    const violations = await seriousViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    console.log(`variance shift, layer 2, dropout before BN: ${ratio}`);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  }, 300_000);
});

describe('any layer list in Chromium', () => {
  it('opens a net= link the form cannot show, lists it in the summary, trains it, and goes back to the form on request', async () => {
    const { page, errors } = await app.open();
    await page.goto(`${app.server.url}?net=maxpool2,flat,d32,relu,drop0.3,d10&limit=2000&ep=1&lr=0.01`);
    await ready(page);
    await expect.poll(() => page.getByText('This network is a list of 6 layers that neither form can show').count()).toBe(1);
    const summary = page.getByRole('table', { name: 'Model summary' });
    expect(await summary.textContent()).toContain('max_pooling2d (MaxPooling2D)(None, 14, 14, 1)');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => allFinished(page, 1), { timeout: 120_000 }).toBe(true);
    expect(await runNames(page)).toEqual(['no BN · 32 · bs 32 · lr 0.01 · drop 0.3']);
    const accuracy = Number((await page.getByTestId('results-table').locator('tbody tr td:nth-child(4)').textContent())!.replace(/[^0-9.]/g, ''));
    // 14 × 14 max-pooled digits, one hidden layer, 63 steps: well above chance (0.1).
    expect(accuracy).toBeGreaterThan(0.6);
    await page.getByRole('button', { name: 'Edit an MLP in the form instead' }).click();
    await expect.poll(() => page.getByRole('group', { name: 'Hidden layer 1' }).count()).toBe(1);
    expect(await page.getByLabel('Link to this experiment', { exact: true }).inputValue()).toMatch(/[?&]layers=128bn,64bn&/);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  }, 180_000);
});
