import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, SCREENSHOTS, serveDist, watchErrors, type StaticServer } from './harness';

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await serveDist();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openApp(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = watchErrors(page);
  await page.goto(server.url);
  return { page, errors };
}

const step = async (page: Page) => Number((await page.getByTestId('step').textContent())?.replace(/,/g, ''));
const chartPoints = async (page: Page, id: string) =>
  Number(await page.locator(`figure[aria-labelledby="${id}-title"]`).getAttribute('data-points'));

describe('the playground in Chromium', () => {
  it('loads real MNIST, trains in the worker on WebGL, and pauses, resumes and stops', async () => {
    const { page, errors } = await openApp();
    await expect.poll(() => page.getByText('MNIST: 60,000 training / 10,000 test images').count(), { timeout: 60_000 }).toBe(1);
    await expect.poll(() => page.getByTestId('backend').textContent(), { timeout: 30_000 }).toMatch(/^webgl · /);

    // Every control the issue names is reachable by its visible label.
    const layer1 = page.getByRole('group', { name: 'Hidden layer 1' });
    await expect.poll(() => layer1.getByRole('switch', { name: 'BatchNorm' }).isChecked()).toBe(true);
    await expect.poll(() => layer1.getByLabel('Units').inputValue()).toBe('128');
    await expect.poll(() => page.getByRole('group', { name: 'Hidden layer 2' }).getByLabel('Units').inputValue()).toBe('64');
    await expect.poll(() => page.getByRole('table', { name: 'Model summary' }).textContent()).toContain('Total params: 110,154');

    await page.getByLabel('Training images', { exact: true }).fill('3200');
    await page.getByLabel('Epochs', { exact: true }).fill('3');
    await page.getByRole('button', { name: 'Train' }).click();

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

    await expect.poll(() => page.locator('figure[aria-labelledby="loss-chart-title"]').getAttribute('data-validation-points'), { timeout: 60_000 }).toBe('1');
    await page.screenshot({ path: join(SCREENSHOTS, 'training.png'), fullPage: true });

    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 10_000 }).toBe('Stopped');
    const stoppedAt = await step(page);
    await page.waitForTimeout(1000);
    expect(await step(page)).toBe(stoppedAt);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });

  it('refuses bad settings with a message next to the field and a disabled Train button', async () => {
    const { page, errors } = await openApp();
    await expect.poll(() => page.getByText(/60,000 training/).count(), { timeout: 60_000 }).toBe(1);
    const train = page.getByRole('button', { name: 'Train' });
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
