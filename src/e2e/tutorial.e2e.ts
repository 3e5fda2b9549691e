import { join } from 'node:path';
import { expect, it } from 'vitest';
import { SCREENSHOTS, useApp } from './harness';

const app = useApp();

/**
 * The seed tutorial's experiment as a user would run it: defaults (784-128-BN-ReLU-64-BN-ReLU-10,
 * batch 32, Adam 1e-3, test set as validation), one epoch of all 60,000 images, on the Auto
 * backend: WebAssembly here, since WebGL is SwiftShader (webglTraining.e2e.ts trains on WebGL).
 * Keras logged val_accuracy 0.9658 after this epoch.
 */
it('the default (tutorial) model reaches validation accuracy ≥ 0.96 after one epoch in the browser', async () => {
  const { page, errors } = await app.open();
  await expect.poll(() => page.getByText(/60,000 training/).count(), { timeout: 60_000 }).toBe(1);
  await page.getByLabel('Epochs', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 420_000, interval: 2000 }).toBe('Finished');
  const result = (await page.getByTestId('test-result').textContent()) ?? '';
  const status = (await page.locator('.status').textContent()) ?? '';
  const accuracy = Number(/accuracy ([\d.]+)%/.exec(result)?.[1]) / 100;
  console.log(`tutorial, 1 epoch, browser: ${result} | ${status}`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SCREENSHOTS, 'tutorial-1-epoch.png') });
  // Validation is the test set here, so the test result is the validation accuracy after epoch 1.
  expect(accuracy).toBeGreaterThanOrEqual(0.96);
  expect(errors, errors.join('\n')).toEqual([]);
  await page.close();
}, 480_000);
