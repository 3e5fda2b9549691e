import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useApp } from './harness';

const app = useApp();

const statuses = (page: Page) => page.getByTestId('run-status').allTextContents();

describe('the convnet presets in Chromium', () => {
  it("loads each preset's dataset and settings, and trains d2l's two LeNets side by side on Fashion-MNIST", async () => {
    const { page, errors } = await app.open();
    await expect.poll(() => page.getByText(/60,000 training/).count(), { timeout: 60_000 }).toBe(1);
    await page.getByLabel('Backend').selectOption('wasm');
    await expect.poll(() => page.getByTestId('backend').textContent(), { timeout: 30_000 }).toMatch(/^wasm/);

    await page.getByLabel('Preset', { exact: true }).selectOption('d2l-lenet');
    // The preset trains on Fashion-MNIST: choosing it loads that dataset.
    await expect.poll(() => page.getByText('Fashion-MNIST: 60,000 training / 10,000 test images').count(), { timeout: 90_000 }).toBe(1);
    expect(await page.getByLabel('Batch size', { exact: true }).inputValue()).toBe('256');
    expect(await page.getByLabel('Learning rate', { exact: true }).inputValue()).toBe('1');
    expect(await page.getByLabel('Epochs', { exact: true }).inputValue()).toBe('10');
    await page.getByRole('button', { name: 'Train preset (2 runs)' }).click();
    // Side by side: both train at once; both have taken steps before they are stopped.
    await expect.poll(async () => (await statuses(page)).join(), { timeout: 60_000 }).toBe('Training,Training');
    const names = await page.locator('.runs-table tbody tr').allTextContents();
    expect(names.join('\n')).toMatch(/BN · conv 6\/16 · 120\/84 · bs 256 · lr 1 · sigmoid · sgd · Fashion-MNIST/);
    expect(names.join('\n')).toMatch(/no BN · conv 6\/16 · 120\/84 · bs 256 · lr 0\.9 · sigmoid · sgd · Fashion-MNIST/);
    await expect.poll(() => page.locator('#loss-chart').getAttribute('data-lines'), { timeout: 60_000 }).toBe('2');
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(async () => (await statuses(page)).some((s) => s === 'Training'), { timeout: 30_000 }).toBe(false);

    // The small convnet on MNIST: a BatchNorm comparison of the layer list, back on MNIST.
    await page.getByLabel('Preset', { exact: true }).selectOption('convnet-mnist');
    await expect.poll(() => page.getByText('MNIST: 60,000 training / 10,000 test images', { exact: true }).count(), { timeout: 90_000 }).toBe(1);
    expect(await page.getByLabel('Setting that differs').inputValue()).toBe('batchNorm');
    expect(await page.getByLabel('Batch size', { exact: true }).inputValue()).toBe('64');
    expect(await page.getByRole('button', { name: 'Train comparison (2 runs)' }).isEnabled()).toBe(true);
    await page.getByLabel('Preset', { exact: true }).selectOption('conv-batch-ladder-gn');
    expect(await page.getByRole('button', { name: 'Train preset (10 runs)' }).isEnabled()).toBe(true);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });
});
