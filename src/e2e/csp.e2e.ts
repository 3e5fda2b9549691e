import { describe, expect, it } from 'vitest';
import { useApp } from './harness';

const app = useApp();

describe('Content-Security-Policy in Chromium', () => {
  it('reports a violation as an error (the check the other tests rely on works)', async () => {
    const { page, errors } = await app.open();
    // A string timer is compiled by the page itself (code run through DevTools is exempt from CSP).
    await page.evaluate(() => setTimeout('window.compiled = true'));
    await expect.poll(() => errors.join('\n')).toMatch(/CSP violation: script-src/);
    await page.close();
  });

  it('loads, reads its data and restores saved runs without any violation', async () => {
    const { page, errors } = await app.open();
    await expect.poll(() => page.getByText(/60,000 training/).count(), { timeout: 60_000 }).toBe(1);
    await page.reload();
    await expect.poll(() => page.getByText(/60,000 training/).count(), { timeout: 60_000 }).toBe(1);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });
});
