import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS, serveDist, useApp } from './harness';

const app = useApp();
const openApp = () => app.open();

const step = async (page: Page) => Number((await page.getByTestId('step').textContent())?.replace(/,/g, ''));
const chartPoints = async (page: Page, id: string) => Number(await page.locator(`figure[aria-labelledby="${id}-title"]`).getAttribute('data-points'));

describe('the playground in Chromium', () => {
  it('says which data file is missing, offers Retry, and loads once the file is back', async () => {
    let broken = true;
    const flaky = await serveDist({
      override: (path) => (broken && path === 'data/mnist/train-labels-idx1-ubyte.gz' ? { status: 404, body: Buffer.from('gone') } : null),
    });
    const page = await app.browser.newPage();
    await page.goto(flaky.url);
    const alert = page.getByRole('alert').filter({ hasText: 'Could not load MNIST' });
    await expect.poll(() => alert.textContent(), { timeout: 60_000 }).toMatch(/train-labels-idx1-ubyte\.gz: HTTP 404/);
    expect(await page.getByRole('button', { name: 'Train', exact: true }).isEnabled()).toBe(false);
    await page.screenshot({ path: join(SCREENSHOTS, 'data-error.png') });
    broken = false;
    await page.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => page.getByText(/60,000 training/).count(), { timeout: 60_000 }).toBe(1);
    await page.close();
    await flaky.close();
  });

  it('loads real MNIST, trains in the worker on WebGL, and pauses, resumes and stops', async () => {
    const { page, errors } = await openApp();
    await expect.poll(() => page.getByText('MNIST: 60,000 training / 10,000 test images').count(), { timeout: 60_000 }).toBe(1);
    // Auto, the default: WebGL here is SwiftShader (software), slower than WebAssembly, as Auto's race measures and the status says.
    await expect.poll(() => page.getByTestId('backend').textContent(), { timeout: 30_000 }).toBe('wasm · WebAssembly');
    await expect
      .poll(() => page.getByTestId('backend-reason').textContent(), { timeout: 60_000 })
      .toMatch(/^\(Auto chose WebAssembly: [\d,]+ samples\/s against [\d,]+ on WebGL\)$/);
    await page.getByLabel('Backend').selectOption('webgl');
    await expect.poll(() => page.getByTestId('backend').textContent(), { timeout: 30_000 }).toMatch(/^webgl · /);
    expect(await page.getByTestId('backend-reason').count()).toBe(0);

    // Every control the issue names is reachable by its visible label.
    const layer1 = page.getByRole('group', { name: 'Hidden layer 1' });
    await expect.poll(() => layer1.getByRole('switch', { name: 'BatchNorm' }).isChecked()).toBe(true);
    await expect.poll(() => layer1.getByLabel('Units').inputValue()).toBe('128');
    await expect.poll(() => page.getByRole('group', { name: 'Hidden layer 2' }).getByLabel('Units').inputValue()).toBe('64');
    await expect.poll(() => page.getByRole('table', { name: 'Model summary' }).textContent()).toContain('Total params: 110,154');

    await page.getByLabel('Training images', { exact: true }).fill('3200');
    await page.getByLabel('Epochs', { exact: true }).fill('3');
    await page.getByRole('button', { name: 'Train', exact: true }).click();

    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 }).toBe('Training');
    await expect.poll(() => chartPoints(page, 'loss-chart'), { timeout: 60_000 }).toBeGreaterThan(10);
    const drawnPaths = await page.locator('figure[aria-labelledby="loss-chart-title"] path.recharts-curve').count();
    expect(drawnPaths).toBeGreaterThanOrEqual(2);

    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 10_000 }).toBe('Paused');
    const pausedAt = await step(page);
    await page.waitForTimeout(1500);
    expect(await step(page)).toBe(pausedAt);

    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => page.getByTestId('run-status').textContent()).toBe('Training');
    await expect.poll(() => step(page), { timeout: 30_000 }).toBeGreaterThan(pausedAt);

    // A new learning rate reaches the running network and is marked on both charts.
    await page.getByLabel('Learning rate', { exact: true }).fill('0.01');
    await expect.poll(() => page.locator('figure.chart text', { hasText: 'lr 0.01' }).count(), { timeout: 30_000 }).toBe(2);

    await expect.poll(() => page.locator('figure[aria-labelledby="loss-chart-title"]').getAttribute('data-validation-points'), { timeout: 60_000 }).toBe('1');
    // The charts' text alternative: the history table gains the epoch's row.
    await expect
      .poll(() =>
        page
          .getByRole('row')
          .filter({ hasText: /^1\s*\d\.\d{4}/ })
          .count(),
      )
      .toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'training.png'), fullPage: true });

    // The values along the curves, by keyboard: focus the loss chart, then the arrow keys.
    const scrubber = page.getByRole('slider', { name: 'Loss (cross-entropy): values along the curves' });
    await scrubber.focus();
    await page.keyboard.press('Home');
    expect(await scrubber.getAttribute('aria-valuetext')).toMatch(/^Training step 1: Training \(per step\) \d\.\d{4}; Training \(smoothed\) \d\.\d{4}$/);
    await page.keyboard.press('ArrowRight');
    expect(await scrubber.getAttribute('aria-valuetext')).toMatch(/^Training step 2: /);
    expect(await page.locator('#loss-chart .chart-readout text').first().textContent()).toBe('Training step 2');
    await page.keyboard.press('Escape');
    expect(await page.locator('#loss-chart .chart-readout').count()).toBe(0);

    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 10_000 }).toBe('Stopped');
    const stoppedAt = await step(page);
    await page.waitForTimeout(1000);
    expect(await step(page)).toBe(stoppedAt);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });

  it('survives a crash of the training worker: says so, keeps the chart, and trains again without a reload', async () => {
    const { page } = await openApp();
    await expect.poll(() => page.getByText(/60,000 training/).count(), { timeout: 60_000 }).toBe(1);
    await page.getByLabel('Training images', { exact: true }).fill('3200');
    await page.getByLabel('Epochs', { exact: true }).fill('20');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => chartPoints(page, 'loss-chart'), { timeout: 60_000 }).toBeGreaterThan(5);
    const [worker] = page.workers();
    // An uncaught error inside the worker, as a bug or a broken driver would raise.
    await worker!.evaluate(() =>
      setTimeout(() => {
        throw new Error('simulated crash');
      }),
    );
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 10_000 }).toBe('Failed');
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'The training worker crashed' }).textContent())
      .toMatch(/The training worker crashed: .*simulated crash/);
    expect(await chartPoints(page, 'loss-chart')).toBeGreaterThan(5);
    await expect.poll(() => page.getByText(/60,000 training/).count(), { timeout: 60_000 }).toBe(1);
    await page.getByLabel('Epochs', { exact: true }).fill('1');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 60_000 }).toBe('Finished');
    await page.close();
  });

  it('trains on the WebAssembly backend when the user picks it', async () => {
    const { page, errors } = await openApp();
    await expect.poll(() => page.getByText(/60,000 training/).count(), { timeout: 60_000 }).toBe(1);
    await page.getByLabel('Backend').selectOption('wasm');
    await expect.poll(() => page.getByTestId('backend').textContent(), { timeout: 30_000 }).toBe('wasm · WebAssembly');
    await page.getByLabel('Training images', { exact: true }).fill('640');
    await page.getByLabel('Epochs', { exact: true }).fill('1');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 60_000 }).toBe('Finished');
    expect(await chartPoints(page, 'loss-chart')).toBe(20);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });

  it('offers WebGPU as an opt-in: it runs where the browser has it, and otherwise says why and falls back', async () => {
    const { page, errors } = await openApp();
    await expect.poll(() => page.getByText(/60,000 training/).count(), { timeout: 60_000 }).toBe(1);
    await page.getByLabel('Backend').selectOption('webgpu');
    // Whether headless Chromium offers a WebGPU adapter depends on the machine; either outcome must be stated.
    await expect
      .poll(async () => `${await page.getByTestId('backend').textContent()} ${await page.locator('.status-backend .warn').allTextContents()}`, {
        timeout: 60_000,
      })
      .toMatch(/^webgpu · WebGPU|webgpu unavailable: /);
    await page.getByLabel('Training images', { exact: true }).fill('320');
    await page.getByLabel('Epochs', { exact: true }).fill('1');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 90_000 }).toBe('Finished');
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });

  it('refuses bad settings with a message next to the field and a disabled Train button', async () => {
    const { page, errors } = await openApp();
    await expect.poll(() => page.getByText(/60,000 training/).count(), { timeout: 60_000 }).toBe(1);
    const train = page.getByRole('button', { name: 'Train', exact: true });
    expect(await train.isEnabled()).toBe(true);

    const batch = page.getByLabel('Batch size', { exact: true });
    for (const [value, message] of [
      ['0', 'Batch size must be at least 1'],
      ['-3', 'Batch size must be at least 1'],
      ['abc', 'Batch size must be a number'],
      ['70000', 'Batch size must be at most 60,000'],
    ] as const) {
      await batch.fill(value);
      await expect.poll(() => page.getByText(message).count()).toBe(1);
      expect(await batch.getAttribute('aria-invalid')).toBe('true');
      expect(await train.isEnabled()).toBe(false);
    }
    await page.getByLabel('Training images', { exact: true }).fill('100');
    await batch.fill('128');
    await expect.poll(() => page.getByText('Batch size must be at most the 100 training images').count()).toBe(1);
    await page.getByLabel('Learning rate', { exact: true }).fill('0');
    await expect.poll(() => page.getByText('Learning rate must be greater than 0').count()).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'validation.png'), fullPage: true });

    await batch.fill('32');
    await page.getByLabel('Learning rate', { exact: true }).fill('1e-3');
    await expect.poll(() => train.isEnabled()).toBe(true);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });
});
