import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeViolations, seriousViolations } from './axe';
import { SCREENSHOTS, useApp } from './harness';

const app = useApp();
it('has no serious or critical axe-core violations, idle and while training', async () => {
  const { page } = await app.open();
  await expect.poll(() => page.getByText(/60,000 training/).count(), { timeout: 60_000 }).toBe(1);
  const idle = await seriousViolations(page);
  expect(idle, describeViolations(idle)).toEqual([]);

  await page.getByLabel('Training images', { exact: true }).fill('3200');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 }).toBe('Training');
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 }).toBe('Paused');
  const training = await seriousViolations(page);
  expect(training, describeViolations(training)).toEqual([]);
  await page.close();
});

it('runs an experiment from start to finish with the keyboard alone', async () => {
  const { page, errors } = await app.open();
  await expect.poll(() => page.getByText(/60,000 training/).count(), { timeout: 60_000 }).toBe(1);
  /** Presses Tab until the focused element has this accessible name; fails after 80 presses. */
  const tabTo = async (name: string) => {
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el) return '';
        const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
        return (label ?? el.closest('label')?.textContent ?? el.textContent ?? '').trim();
      });
      if (focused === name) return;
    }
    throw new Error(`could not reach "${name}" with Tab`);
  };
  await tabTo('Training images');
  await page.keyboard.type('960');
  // The first layer's BatchNorm switch toggles with Space.
  await tabTo('BatchNorm');
  await page.keyboard.press('Space');
  expect(await page.getByRole('group', { name: 'Hidden layer 1' }).getByRole('switch', { name: 'BatchNorm' }).isChecked()).toBe(false);
  await tabTo('Epochs');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('1');
  // Train sits before the panels in the run bar; Shift+Tab would work too, Tab wraps around.
  await tabTo('Train');
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 90_000 }).toBe('Finished');
  expect(await page.getByTestId('test-result').textContent()).toMatch(/^Test set: loss [\d.]+ · accuracy [\d.]+%$/);
  await page.screenshot({ path: join(SCREENSHOTS, 'keyboard-run.png') });
  expect(errors, errors.join('\n')).toEqual([]);
  await page.close();
});
