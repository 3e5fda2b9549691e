import { describe, expect, it } from 'vitest';
import { SCREENSHOTS, useApp } from './harness';
import { join } from 'node:path';

const app = useApp();

/** The figures in "Auto chose WebAssembly: 6,900 samples/s against 1,600 on WebGL…". */
function figures(reason: string): { chosen: string; own: number; other: number; otherName: string } | null {
  const m = /^\(Auto chose (\S+): ([\d,]+) samples\/s against ([\d,]+) on (\S+?)(,|;|\))/.exec(reason);
  return m ? { chosen: m[1]!, own: Number(m[2]!.replace(/,/g, '')), other: Number(m[3]!.replace(/,/g, '')), otherName: m[4]! } : null;
}

describe('Auto by measurement', () => {
  it('races WebGL (SwiftShader here) against WebAssembly on the form’s model, picks WebAssembly, and remembers it for the next visit', async () => {
    const { page, errors } = await app.open();
    await expect.poll(() => page.getByText('MNIST: 60,000 training / 10,000 test images').count(), { timeout: 60_000 }).toBe(1);
    const dataReady = Date.now();
    const reason = page.getByTestId('backend-reason');
    await expect.poll(async () => figures((await reason.textContent()) ?? ''), { timeout: 90_000, interval: 100 }).not.toBeNull();
    console.log(`Auto's race decided ${Date.now() - dataReady} ms after the data-ready line showed (WebGL's first compile included)`);
    const first = figures((await reason.textContent())!)!;
    console.log(`Auto under SwiftShader, batch 32: ${await reason.textContent()}`);
    expect(first.chosen).toBe('WebAssembly');
    expect(first.otherName).toBe('WebGL');
    expect(first.own).toBeGreaterThan(first.other);
    expect(await page.getByTestId('backend').textContent()).toMatch(/^wasm · /);
    await page.locator('.status').screenshot({ path: join(SCREENSHOTS, 'auto-backend.png') });

    // Another size class (batch 256) is raced again.
    await page.getByLabel('Batch size', { exact: true }).fill('256');
    await expect
      .poll(
        async () =>
          (await reason.textContent()) !==
          `(Auto chose WebAssembly: ${first.own.toLocaleString('en-US')} samples/s against ${first.other.toLocaleString('en-US')} on WebGL)`,
        { timeout: 90_000 },
      )
      .toBe(true);
    await expect.poll(async () => figures((await reason.textContent()) ?? ''), { timeout: 90_000 }).not.toBeNull();
    console.log(`Auto under SwiftShader, batch 256: ${await reason.textContent()}`);
    expect(figures((await reason.textContent())!)!.chosen).toBe('WebAssembly');

    // The next visit (same browser profile) decides from memory, without racing, and says when it measured.
    await page.reload();
    await expect.poll(async () => (await reason.textContent()) ?? '', { timeout: 90_000 }).toMatch(/, measured on this device on \d{4}-\d\d-\d\d\)$/);
    expect(figures((await reason.textContent())!)?.own).toBe(first.own);
    expect(errors).toEqual([]);
  });
});
