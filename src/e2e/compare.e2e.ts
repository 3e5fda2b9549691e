import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { describeViolations, seriousViolations } from './axe';
import { SCREENSHOTS, useApp } from './harness';

const app = useApp();

interface ExportedRun {
  id: string;
  name: string;
  status: string;
  config: { train: { batchSize: number; learningRate: number }; model: { hidden: { batchNorm: boolean }[] } };
  steps: { loss: number[]; accuracy: number[] };
  epochs: { epoch: number; accuracy: number }[];
}

/** Opens the app on the wasm backend (fast here) with a small training set, ready to train. */
async function ready(page: Page, trainImages = '2000') {
  await expect.poll(() => page.getByText(/60,000 training/).count(), { timeout: 60_000 }).toBe(1);
  await page.getByLabel('Backend').selectOption('wasm');
  await expect.poll(() => page.getByTestId('backend').textContent(), { timeout: 30_000 }).toMatch(/^wasm/);
  await page.getByLabel('Training images', { exact: true }).fill(trainImages);
  await page.getByLabel('Epochs', { exact: true }).fill('1');
}

const statuses = (page: Page) => page.locator('.runs-table tbody tr td:nth-child(3)').allTextContents();
const allFinished = async (page: Page, n: number) => {
  const s = await statuses(page);
  return s.length === n && s.every((t) => t.startsWith('Finished'));
};

async function download(page: Page, button: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
}

describe('comparing runs in Chromium', () => {
  it('trains a paired A/B side by side from identical weights, exports CSV and JSON, and imports the JSON back identical', async () => {
    const { page, errors } = await app.open();
    await ready(page);
    await page.getByLabel('Setting that differs').selectOption('learningRate');
    await page.getByLabel('Values', { exact: true }).fill('0.001, 0.01');
    await page.getByRole('button', { name: 'Train comparison (2 runs)' }).click();
    // Side by side: both train at once, not one after the other.
    await expect.poll(async () => (await page.getByTestId('run-status').allTextContents()).join(), { timeout: 30_000 }).toBe('Training,Training');
    await expect.poll(() => allFinished(page, 2), { timeout: 120_000 }).toBe(true);
    expect(await page.locator('#loss-chart').getAttribute('data-lines')).toBe('2');
    // One curve per run, each in its run's colour (Okabe–Ito blue and vermillion).
    const strokes = await page.locator('#loss-chart path.recharts-curve').evaluateAll((paths) => paths.map((p) => p.getAttribute('stroke')));
    expect(new Set(strokes)).toEqual(new Set(['#0072B2', '#D55E00']));

    const json = await download(page, 'Download runs (JSON)');
    expect(json.name).toMatch(/^batchnorm-runs-.*\.json$/);
    const runs = (JSON.parse(json.text) as { runs: ExportedRun[] }).runs;
    expect(runs.map((r) => r.config.train.learningRate)).toEqual([0.001, 0.01]);
    expect(runs.map((r) => r.steps.loss.length)).toEqual([63, 63]);
    // The same initial weights and the same first batch: the loss before any update is bit-identical;
    // after one update at different rates it is not.
    expect(runs[0]!.steps.loss[0]).toBe(runs[1]!.steps.loss[0]);
    expect(runs[0]!.steps.loss[1]).not.toBe(runs[1]!.steps.loss[1]);

    const csv = await download(page, 'Download history (CSV)');
    const rows = csv.text.trim().split(/\r?\n/);
    expect(rows[0]).toBe('run_id,run_name,epoch,loss,accuracy,val_loss,val_accuracy,elapsed_s');
    expect(rows.slice(1).map((r) => r.split(',')[0])).toEqual(runs.map((r) => r.id));

    await expect.poll(() => page.getByTestId('comparison-table').textContent()).toMatch(/Δ/);
    await expect.poll(() => page.getByTestId('results-table').locator('tbody tr').count()).toBe(2);
    // The runs list, results and difference tables pass axe as well.
    const violations = await seriousViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);

    // Clear all asks first; then the file imports back as it was.
    await page.getByRole('button', { name: 'Clear all' }).click();
    const dialogViolations = await seriousViolations(page);
    expect(dialogViolations, describeViolations(dialogViolations)).toEqual([]);
    await page.getByRole('dialog', { name: 'Delete all runs?' }).getByRole('button', { name: 'Delete all' }).click();
    await expect.poll(() => statuses(page)).toEqual([]);
    await page.locator('input[type=file]').setInputFiles({ name: 'runs.json', mimeType: 'application/json', buffer: Buffer.from(json.text) });
    await expect.poll(() => page.getByText('Imported 2 runs from "runs.json".').count()).toBe(1);
    const again = await download(page, 'Download runs (JSON)');
    const strip = (text: string) => ({ ...JSON.parse(text), exportedAt: null });
    expect(strip(again.text)).toEqual(strip(json.text));
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });

  it('compares with and without BatchNorm, overlaid in the run colours, and saves a chart as PNG', async () => {
    const { page, errors } = await app.open({ width: 1400, height: 2200 });
    await ready(page, '6000');
    await page.getByRole('button', { name: 'Train comparison (2 runs)' }).click();
    await expect.poll(() => allFinished(page, 2), { timeout: 180_000 }).toBe(true);
    const names = await page.locator('.runs-table .run-name').allTextContents();
    expect(names.map((n) => n.trim())).toEqual(['BN · 128/64 · bs 32 · lr 1e-3', 'no BN · 128/64 · bs 32 · lr 1e-3']);
    await page.getByLabel('X axis').selectOption('seconds');
    await expect.poll(() => page.locator('#loss-chart text', { hasText: 'Training time (s)' }).count()).toBe(1);
    await page.getByLabel('X axis').selectOption('epoch');
    await page.evaluate(() => scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, 'compare-bn.png') });

    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PNG of Loss (cross-entropy)' }).click()]);
    const png = readFileSync((await file.path())!);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(10_000);

    // Hiding a run takes it off the charts; the other stays.
    await page.getByRole('checkbox', { name: 'Show no BN · 128/64 · bs 32 · lr 1e-3 on the charts' }).uncheck();
    await expect.poll(() => page.locator('#loss-chart').getAttribute('data-lines')).toBe('1');
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });

  it('queues a batch-size sweep one run after another and can cancel what waits', async () => {
    const { page, errors } = await app.open({ width: 1400, height: 2200 });
    await ready(page);
    await page.getByLabel('Setting that differs').selectOption('batchSize');
    expect(await page.getByLabel('Values', { exact: true }).inputValue()).toBe('16, 64, 256');
    await page.getByLabel('One after another').check();
    await page.getByRole('button', { name: 'Train comparison (3 runs)' }).click();
    await expect.poll(() => page.getByTestId('queue').textContent(), { timeout: 10_000 }).toMatch(/^2 runs waiting/);
    await expect.poll(() => allFinished(page, 3), { timeout: 180_000 }).toBe(true);
    const results = await page.getByTestId('results-table').locator('tbody tr').allTextContents();
    expect(results.map((r) => r.match(/bs (\d+)/)?.[1])).toEqual(['16', '64', '256']);
    // Batch sizes compare fairly per epoch, not per step (a step of 256 is 16 steps of 16).
    await page.getByLabel('X axis').selectOption('epoch');
    await page.evaluate(() => scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, 'sweep-batch-size.png') });

    // Duplicate-and-edit: a run's settings come back into the form.
    await page.getByRole('button', { name: 'Edit a copy of BN · 128/64 · bs 256 · lr 1e-3' }).click();
    expect(await page.getByLabel('Batch size', { exact: true }).inputValue()).toBe('256');
    await page.getByLabel('Batch size', { exact: true }).fill('32');
    // Long enough to be still training when Stop is pressed, however fast the backend.
    await page.getByLabel('Epochs', { exact: true }).fill('50');
    await page.getByRole('button', { name: 'Train comparison (3 runs)' }).click();
    await expect.poll(() => page.getByTestId('queue').count(), { timeout: 10_000 }).toBe(1);
    await page.getByRole('button', { name: 'Cancel queue' }).click();
    await expect.poll(() => page.getByTestId('queue').count()).toBe(0);
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => statuses(page), { timeout: 30_000 }).toHaveLength(4);
    // Stop takes effect at the run's next step; the status follows when the worker confirms.
    await expect.poll(async () => (await statuses(page)).at(-1), { timeout: 30_000 }).toMatch(/^Stopped/);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });

  it('climbs a learning-rate ladder with and without BN and marks the runs that diverge', async () => {
    const { page, errors } = await app.open({ width: 1400, height: 2200 });
    await ready(page);
    await page.getByLabel('Setting that differs').selectOption('learningRate');
    await page.getByLabel('Values', { exact: true }).fill('0.001, 1');
    await page.getByLabel('One after another').check();
    await page.getByRole('switch', { name: 'Also train each without BatchNorm' }).check();
    await page.getByRole('button', { name: 'Train comparison (4 runs)' }).click();
    await expect
      .poll(async () => (await statuses(page)).length === 4 && (await statuses(page)).every((t) => /^(Finished|Diverged)/.test(t)), { timeout: 180_000 })
      .toBe(true);
    const byName = Object.fromEntries(
      await page
        .locator('.runs-table tbody tr')
        .evaluateAll((rows) => rows.map((r) => [r.querySelector('.run-name')!.textContent!.trim(), r.children[2]!.textContent!])),
    ) as Record<string, string>;
    // Adam at rate 1 blows up a plain network within its first steps; with BN it stays finite.
    expect(byName['no BN · 128/64 · bs 32 · lr 1']).toMatch(/^Diverged/);
    expect(byName['BN · 128/64 · bs 32 · lr 1']).toMatch(/^Finished/);
    expect(byName['no BN · 128/64 · bs 32 · lr 1e-3']).toMatch(/^Finished/);
    await expect.poll(() => page.locator('#loss-chart text', { hasText: '✕ diverged' }).count()).toBe(1);
    expect(await page.getByTestId('results-table').textContent()).toMatch(/Diverged after step \d+/);
    await page.evaluate(() => scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, 'lr-ladder.png') });
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });

  it('fills the forms from a preset and trains it as published', async () => {
    const { page, errors } = await app.open();
    await expect.poll(() => page.getByText(/60,000 training/).count(), { timeout: 60_000 }).toBe(1);
    await page.getByLabel('Preset', { exact: true }).selectOption('notebook-models');
    expect(await page.getByRole('group', { name: 'Hidden layer 1' }).getByLabel('Units').inputValue()).toBe('256');
    expect(await page.getByRole('group', { name: 'Hidden layer 2' }).getByLabel('Units').inputValue()).toBe('128');
    expect(await page.getByLabel('Epochs', { exact: true }).inputValue()).toBe('30');
    expect(await page.getByLabel('Validation images').inputValue()).toBe('5000');
    expect(await page.getByLabel('Training images', { exact: true }).inputValue()).toBe('50000');
    await page.getByRole('button', { name: 'Train preset (2 runs)' }).click();
    await expect.poll(() => page.getByTestId('queue').textContent(), { timeout: 10_000 }).toMatch(/^1 run waiting/);
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => statuses(page), { timeout: 30_000 }).toHaveLength(1);

    await page.getByLabel('Preset', { exact: true }).selectOption('tutorial-bn');
    expect(await page.getByLabel('Epochs', { exact: true }).inputValue()).toBe('10');
    expect(await page.getByLabel('Setting that differs').inputValue()).toBe('batchNorm');
    expect(await page.getByRole('button', { name: 'Train comparison (2 runs)' }).isEnabled()).toBe(true);
    await page.getByLabel('Preset', { exact: true }).selectOption('lr-ladder');
    expect(await page.getByRole('button', { name: 'Train preset (10 runs)' }).isEnabled()).toBe(true);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });

  it('shares the experiment as a link that opens the same settings; a tampered link says what it ignored', async () => {
    const { page, errors } = await app.open();
    await expect.poll(() => page.getByText(/60,000 training/).count(), { timeout: 60_000 }).toBe(1);
    await page.getByLabel('Batch size', { exact: true }).fill('64');
    await page.getByLabel('Learning rate', { exact: true }).fill('0.01');
    await page.getByRole('group', { name: 'Hidden layer 2' }).getByRole('switch', { name: 'BatchNorm' }).uncheck();
    await page.getByLabel('Setting that differs').selectOption('optimizer');
    await page.getByRole('switch', { name: 'Include the comparison' }).check();
    const link = await page.getByLabel('Link to this experiment').inputValue();
    expect(link).toContain('bs=64');

    const shared = await app.browser.newPage();
    await shared.goto(link);
    await expect.poll(() => shared.getByLabel('Batch size', { exact: true }).inputValue()).toBe('64');
    expect(await shared.getByLabel('Learning rate', { exact: true }).inputValue()).toBe('0.01');
    expect(await shared.getByRole('group', { name: 'Hidden layer 2' }).getByRole('switch', { name: 'BatchNorm' }).isChecked()).toBe(false);
    expect(await shared.getByRole('group', { name: 'Hidden layer 1' }).getByRole('switch', { name: 'BatchNorm' }).isChecked()).toBe(true);
    expect(await shared.getByLabel('Setting that differs').inputValue()).toBe('optimizer');
    expect(await shared.getByLabel('Values', { exact: true }).inputValue()).toBe('adam, sgd, momentum');
    await shared.close();

    const tampered = await app.browser.newPage();
    await tampered.goto(`${app.server.url}?bs=abc&lr=1e9&ep=5&act=%3Cscript%3Ealert(1)%3C/script%3E`);
    await expect.poll(() => tampered.locator('.notice').textContent()).toMatch(/ignored/);
    const notice = (await tampered.locator('.notice').textContent())!;
    expect(notice).toContain('Batch size must be a number');
    expect(notice).toContain('Learning rate must be at most 10');
    expect(await tampered.locator('script', { hasText: 'alert' }).count()).toBe(0);
    expect(await tampered.getByLabel('Batch size', { exact: true }).inputValue()).toBe('32');
    expect(await tampered.getByLabel('Epochs', { exact: true }).inputValue()).toBe('5');
    expect(await tampered.getByLabel('Activation').inputValue()).toBe('relu');
    await tampered.close();
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });

  it('keeps runs across a reload, and shows one cut off mid-training as interrupted', async () => {
    const { page, errors } = await app.open();
    await ready(page);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => allFinished(page, 1), { timeout: 60_000 }).toBe(true);
    await page.getByRole('button', { name: 'Rename BN · 128/64 · bs 32 · lr 1e-3' }).click();
    await page.getByLabel('New name for BN · 128/64 · bs 32 · lr 1e-3').fill('first try');
    await page.keyboard.press('Enter');
    await page.getByLabel('Epochs', { exact: true }).fill('50');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(async () => (await statuses(page)).at(-1), { timeout: 30_000 }).toMatch(/^Training step/);
    await page.waitForTimeout(2500);
    await page.reload();
    await expect.poll(() => statuses(page), { timeout: 30_000 }).toHaveLength(2);
    const [first, second] = await statuses(page);
    expect(first).toMatch(/^Finished test \d+\.\d+%/);
    expect(second).toMatch(/^Interrupted step \d+/);
    expect(await page.locator('.runs-table .run-name').first().textContent()).toContain('first try');
    await expect.poll(() => page.locator('#loss-chart').getAttribute('data-lines')).toBe('2');
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });
});
