import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { describeViolations, seriousViolations } from './axe';
import { SCREENSHOTS, useApp } from './harness';
import { probesOnScreen } from './insideCharts';

const app = useApp();
const DOCS = resolve(import.meta.dirname, '../../docs');

const statuses = (page: Page) => page.locator('.runs-table tbody tr td:nth-child(3)').allTextContents();
const runNames = async (page: Page) => (await page.locator('.runs-table .run-name').allTextContents()).map((n) => n.trim());

async function ready(page: Page) {
  await expect.poll(() => page.getByText(/60,000 training/).count(), { timeout: 60_000 }).toBe(1);
  await expect.poll(() => page.getByTestId('backend').textContent(), { timeout: 30_000 }).toMatch(/^wasm/);
}

async function download(page: Page, button: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return readFileSync((await file.path())!, 'utf8');
}

const NAME = 'BN · conv 8/16 · 64 · bs 64 · lr 3e-3';
const NET = 'net=conv8x3_same,bn_m0.9,relu,maxpool2,conv16x3_same,bn_m0.9,relu,maxpool2,flat,d64,bn_m0.9,relu,d10';

describe('a convnet in Chromium', () => {
  it('is built in the form, refused while impossible, carried by the link, trained on the default backend to ≥ 0.97 test accuracy, and kept', async () => {
    const { page, errors } = await app.open({ width: 1400, height: 2000 });
    await ready(page);
    const model = page.getByRole('region', { name: 'Model' });
    await model.getByLabel('Network', { exact: true }).selectOption('conv');
    const block = (n: number) => model.getByRole('group', { name: `Block ${n}` });
    const summary = model.getByRole('table', { name: 'Model summary' });
    await expect.poll(() => summary.textContent()).toContain('conv2d (Conv2D)(None, 28, 28, 8)80');
    // Two blocks of 8 and 16 filters, one Dense layer of 64.
    await block(2).getByLabel('Filters', { exact: true }).fill('16');
    await model.getByRole('group', { name: 'Dense layer 2' }).getByRole('button', { name: 'Remove layer' }).click();
    await model.getByRole('group', { name: 'Dense layer 1' }).getByLabel('Units', { exact: true }).fill('64');
    await expect.poll(() => summary.textContent()).toContain('conv2d_1 (Conv2D)(None, 14, 14, 16)1,168');
    expect(await summary.textContent()).toContain('flatten (Flatten)(None, 784)0');

    // An impossible third block: refused beside its kernel, naming the block; Train waits.
    await model.getByRole('button', { name: 'Add block' }).click();
    await block(3).getByLabel('Kernel', { exact: true }).selectOption('5');
    await block(3).getByLabel('Padding', { exact: true }).selectOption('valid');
    await expect.poll(() => summary.textContent()).toContain('conv2d_2 (Conv2D)(None, 3, 3, 16)6,416');
    await block(1).getByLabel('Stride', { exact: true }).selectOption('2');
    await expect.poll(() => block(3).getByRole('alert').textContent()).toBe('Block 3 (Conv2D): A 5×5 kernel without padding is larger than its 3×3 input');
    expect(await page.getByRole('button', { name: 'Train', exact: true }).isDisabled()).toBe(true);
    await model.screenshot({ path: join(SCREENSHOTS, 'convnet-form-refused.png') });
    await block(1).getByLabel('Stride', { exact: true }).selectOption('1');
    // By keyboard: the block's Remove button, focused and pressed.
    await block(3).getByRole('button', { name: 'Remove block' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => model.getByRole('group', { name: 'Block 3' }).count()).toBe(0);
    await expect.poll(() => summary.count()).toBe(1);

    // A short run: 313 steps. BN momentum 0.9 (PyTorch's 0.1): Keras' 0.99 leaves the moving
    // statistics too near their start after so few steps (test accuracy 0.95 in Node with 0.99, 0.979 with 0.9).
    await model.getByLabel('BN momentum', { exact: true }).fill('0.9');
    const link = page.getByLabel('Link to this experiment', { exact: true });
    await page.getByLabel('Batch size', { exact: true }).fill('64');
    await page.getByLabel('Learning rate', { exact: true }).fill('0.003');
    await page.getByLabel('Training images', { exact: true }).fill('20000');
    await page.getByLabel('Epochs', { exact: true }).fill('1');
    await expect.poll(() => link.inputValue()).toContain(`?${NET}&`);
    const opened = await app.browser.newPage();
    await opened.goto(await link.inputValue());
    await expect.poll(() => opened.getByLabel('Network', { exact: true }).inputValue(), { timeout: 30_000 }).toBe('conv');
    expect(await opened.getByRole('group', { name: 'Block 2' }).getByLabel('Filters', { exact: true }).inputValue()).toBe('16');
    await opened.close();

    await model.screenshot({ path: join(SCREENSHOTS, 'convnet-form.png') });
    await model.screenshot({ path: join(DOCS, 'convnet-form.png') });
    const violations = await seriousViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);

    const started = Date.now();
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => statuses(page), { timeout: 240_000 }).toEqual([expect.stringMatching(/^Finished/)]);
    const seconds = (Date.now() - started) / 1000;
    expect(await runNames(page)).toEqual([NAME]);
    const accuracy = Number((await page.getByTestId('results-table').locator('tbody tr td:nth-child(4)').textContent())!.replace(/[^0-9.]/g, ''));
    console.log(`convnet: test accuracy ${accuracy} after one epoch of 20,000 images (313 steps), ${seconds.toFixed(1)} s to train`);
    expect(accuracy).toBeGreaterThanOrEqual(0.97);

    // The same run seen from inside: BatchNorm per channel over its probes, and a test image's feature maps.
    const inside = page.getByTestId('inside-batchnorm');
    const distRun = inside.locator('#inside-dist-run');
    await expect.poll(() => probesOnScreen(distRun), { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    expect(await inside.getByLabel('Channel', { exact: true }).locator('option').count()).toBe(8);
    expect(await inside.getByRole('figure', { name: /: channel 1$/ }).count()).toBe(1);
    const maps = page.getByTestId('inside-convnet').getByRole('figure', { name: 'Conv block 1: 8 channels' });
    await maps.scrollIntoViewIfNeeded();
    await expect.poll(() => maps.locator('canvas').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2 * 8);

    const json = JSON.parse(await download(page, 'Download runs (JSON)')) as { runs: { name: string; config: { model: { layers: { kind: string }[] } } }[] };
    expect(json.runs.map((r) => r.config.model.layers.filter((l) => l.kind === 'conv2d').length)).toEqual([2]);
    const csv = (await download(page, 'Download history (CSV)')).trim().split(/\r?\n/);
    expect(csv[1]!.split(',')[1]).toBe(NAME);

    await page.reload();
    await expect.poll(() => runNames(page), { timeout: 30_000 }).toEqual([NAME]);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  }, 360_000);
});
