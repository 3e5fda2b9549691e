import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { describeViolations, seriousViolations } from './axe';
import { SCREENSHOTS, useApp } from './harness';

const app = useApp();
const DOCS = resolve(import.meta.dirname, '../../docs');
const MNIST = resolve(import.meta.dirname, '../../public/data/mnist');
const NAME = 'BN · 128/64 · bs 32 · lr 1e-3';
const BASE = 'bn-128-64-bs32-lr1e-3';

async function download(page: Page, scope: Locator, button: string): Promise<{ name: string; path: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), scope.getByRole('button', { name: button, exact: true }).click()]);
  return { name: file.suggestedFilename(), path: (await file.path())! };
}
const text = (file: { path: string }) => readFileSync(file.path, 'utf8');

describe('export in Chromium', () => {
  it('downloads and copies scripts of the settings, exports a trained run (scripts, PyTorch weights, TF.js model), and its PyTorch twin imports beside it', async () => {
    const { page, errors } = await app.open({ width: 1400, height: 1300 });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await expect.poll(() => page.getByText(/60,000 training/).count(), { timeout: 60_000 }).toBe(1);
    await expect.poll(() => page.getByTestId('backend').textContent(), { timeout: 30_000 }).toMatch(/^wasm/);
    await page.getByLabel('Training images', { exact: true }).fill('2000');
    await page.getByLabel('Epochs', { exact: true }).fill('1');

    // The form's settings, as code.
    const panel = page.getByRole('region', { name: 'Export' });
    await expect.poll(() => panel.getByRole('button', { name: 'Download PyTorch script' }).isEnabled()).toBe(true);
    const script = await download(page, panel, 'Download PyTorch script');
    expect(script.name).toBe(`${BASE}.pytorch.py`);
    expect(text(script)).toContain("'trainLimit': 2000,");
    expect(text(script)).toContain("'epochs': 1,");
    expect(text(script)).toContain('nn.BatchNorm1d(128, momentum=0.01, eps=0.001),  # 2');
    const keras = await download(page, panel, 'Download Keras script');
    expect(keras.name).toBe(`${BASE}.keras.py`);
    expect(text(keras)).toContain('keras.layers.BatchNormalization(momentum=0.99, epsilon=0.001),  # 2');
    await panel.getByRole('button', { name: 'Copy PyTorch script' }).click();
    await expect.poll(() => panel.getByRole('status').textContent()).toBe('The PyTorch script copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text(script));

    // A trained run: its scripts and its model.
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect
      .poll(() => page.locator('.runs-table tbody tr td:nth-child(3)').allTextContents(), { timeout: 120_000 })
      .toEqual([expect.stringMatching(/^Finished/)]);
    await page.getByRole('button', { name: `Export ${NAME}` }).click();
    const dialog = page.getByRole('dialog', { name: `Export “${NAME}”` });
    await expect.poll(() => dialog.getByRole('button', { name: 'Download PyTorch weights' }).isEnabled(), { timeout: 10_000 }).toBe(true);
    const runScript = await download(page, dialog, 'Download PyTorch script');
    // The form's script, but for the run's colour (its twin is drawn dashed in it).
    expect(text(runScript).replace(/^COLOR_INDEX = \d+$/m, '')).toBe(text(script).replace(/^COLOR_INDEX = \d+$/m, ''));
    const weights = JSON.parse(text(await download(page, dialog, 'Download PyTorch weights'))) as { tensors: Record<string, { shape: number[] }> };
    expect(weights.tensors['1.weight']!.shape).toEqual([128, 784]);
    expect(weights.tensors['2.running_var']!.shape).toEqual([128]);
    const modelJson = await download(page, dialog, 'Download TF.js model.json');
    expect(modelJson.name).toBe(`${BASE}.model.json`);
    const model = JSON.parse(text(modelJson)) as { weightsManifest: { paths: string[]; weights: { shape: number[] }[] }[] };
    const bin = await download(page, dialog, 'Download TF.js weights');
    expect(model.weightsManifest[0]!.paths).toEqual([bin.name]);
    const params = model.weightsManifest[0]!.weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
    expect(readFileSync(bin.path).length).toBe(4 * params);
    await dialog.getByText('How to run them').click();
    const violations = await seriousViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(await dialog.isVisible()).toBe(false);

    // The run's twin in PyTorch, imported beside it.
    const dir = mkdtempSync(join(tmpdir(), 'bn-export-e2e-'));
    writeFileSync(join(dir, runScript.name), text(runScript));
    const python = spawnSync('/usr/bin/python3', [runScript.name, '--data', MNIST, '--out', 'twin.runs.json', '--threads', '1'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(python.status, python.stderr).toBe(0);
    await page.locator('input[type=file]').setInputFiles(join(dir, 'twin.runs.json'));
    const names = () => page.locator('.runs-table .run-name').allTextContents();
    await expect.poll(async () => (await names()).map((n) => n.trim())).toEqual([NAME, `${NAME} · PyTorch`]);
    const accuracies = (await page.getByTestId('results-table').locator('tbody tr td:nth-child(4)').allTextContents()).map((t) =>
      Number(t.replace(/[^0-9.]/g, '')),
    );
    expect(accuracies).toHaveLength(2);
    expect(Math.abs(accuracies[0]! - accuracies[1]!)).toBeLessThanOrEqual(0.5);
    // On the step axis the two curves coincide; against time they part (PyTorch is faster).
    await page.getByLabel('X axis').selectOption('seconds');
    const charts = page.getByRole('region', { name: 'Training charts' });
    // Below the sticky run bar, pointer off the charts.
    await charts.evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 300));
    await page.mouse.move(1, 1);
    const box = (await charts.boundingBox())!;
    mkdirSync(DOCS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'export-twin.png'), clip: box });
    await page.screenshot({ path: join(DOCS, 'export-twin.png'), clip: box });
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  }, 300_000);
});
