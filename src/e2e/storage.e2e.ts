import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useApp, watchErrors } from './harness';

const app = useApp();

/** Init scripts that break IndexedDB as browsers do. */
const STUBS = {
  /** Private windows of some browsers, or storage blocked by settings: opening throws. */
  unavailable: `IDBFactory.prototype.open = function () { throw new DOMException('The operation is insecure.', 'SecurityError'); };`,
  /** A full disk or a site over its quota: every write fails. */
  quota: `IDBObjectStore.prototype.put = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };`,
} as const;

const loaded = (page: Page) => expect.poll(() => page.getByText(/60,000 training/).count(), { timeout: 60_000 }).toBe(1);
/** The runs list: each run's name and the first word of its status, top to bottom. */
const runsList = (page: Page) =>
  page
    .locator('.runs-table tbody tr')
    .evaluateAll((rows) =>
      rows.map(
        (tr) =>
          `${(tr.querySelector('.run-name')?.textContent ?? '').trim()}: ${(tr.querySelector('td:nth-child(3)')?.textContent ?? '').trim().split(/\W/)[0]}`,
      ),
    );
const notices = (page: Page) => page.locator('.notices .notice > span').allTextContents();

async function train(page: Page, images: string, epochs: string, seed: string): Promise<void> {
  await page.getByLabel('Training images', { exact: true }).fill(images);
  await page.getByLabel('Epochs', { exact: true }).fill(epochs);
  // A seed per run, so that every run has its own name in the list.
  await page.getByLabel('Random seed', { exact: true }).fill(seed);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 }).toMatch(/^(Starting|Training|Finished)$/);
}
const finished = (page: Page) => expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 120_000 }).toBe('Finished');

async function openIn(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.server.url);
  await loaded(page);
  await page.getByLabel('Backend').selectOption('wasm');
  return { page, errors };
}

async function clearAll(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Clear all' }).click();
  await page.getByRole('dialog', { name: 'Delete all runs?' }).getByRole('button', { name: 'Delete all' }).click();
  await expect.poll(() => runsList(page)).toEqual([]);
}

describe('storage faults and two tabs, in Chromium', () => {
  for (const [fault, notice] of [
    ['unavailable', 'Note: Runs will not be kept after a reload: this browser does not allow saving data here (private browsing can turn it off).'],
    ['quota', "Problem: Runs could not be saved: the browser's storage is full, so they will not survive a reload."],
  ] as const) {
    it(`IndexedDB ${fault}: training goes on, runs stay for the session, and a notice says they will not survive a reload`, async () => {
      const context = await app.browser.newContext({ viewport: { width: 1400, height: 1000 } });
      await context.addInitScript(STUBS[fault]);
      try {
        const { page, errors } = await openIn(context);
        await train(page, '320', '1', '1');
        await finished(page);
        await train(page, '320', '1', '2');
        await finished(page);
        expect(await runsList(page)).toEqual(['BN · 128/64 · bs 32 · lr 1e-3: Finished', 'BN · 128/64 · bs 32 · lr 1e-3 (2): Finished']);
        await expect.poll(() => notices(page)).toContain(notice);
        // Said once, not once per failed write.
        expect((await notices(page)).filter((n) => n === notice)).toHaveLength(1);
        await page.reload();
        await loaded(page);
        expect(await runsList(page)).toEqual([]);
        expect(errors, errors.join('\n')).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('two tabs: clearing all in one while the other trains corrupts neither, loses no write, and each sees the other’s runs after a reload', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1400, height: 1000 } });
    try {
      const a = await openIn(context);
      await train(a.page, '320', '1', '1');
      await finished(a.page);
      const b = await openIn(context);
      expect(await runsList(b.page)).toHaveLength(1);
      // B trains long enough for A to clear and train meanwhile (a few seconds): 384,000 samples.
      // With our WebAssembly kernels the 12,800 this took before end first.
      await train(b.page, '48000', '8', '2');
      await clearAll(a.page);
      await train(a.page, '320', '1', '3');
      await finished(a.page);
      expect(await b.page.getByTestId('run-status').textContent()).toBe('Training');
      await finished(b.page);

      const afterClear = ['BN · 128/64 · bs 32 · lr 1e-3 (2): Finished', 'BN · 128/64 · bs 32 · lr 1e-3: Finished'];
      for (const { page } of [a, b]) {
        await page.reload();
        await loaded(page);
        // A's first run was cleared; B's run (started before A's second) and A's second remain, both whole.
        await expect.poll(() => runsList(page)).toEqual(afterClear);
      }

      // Now the other way round, with a run the clearing tab has seen: A trains (a run long enough
      // to be stopped by hand: 3,000,000 samples, which our WebAssembly kernels train in ~30 s on a
      // quiet 2-core machine, where 600,000 ended before the Stop), B reloads (and lists A's run as
      // it was last saved), B clears all while A trains; A's run must still end up saved, whole.
      await train(a.page, '60000', '50', '4');
      await expect.poll(() => a.page.getByTestId('step').textContent(), { timeout: 30_000 }).not.toBe('0');
      await a.page.waitForTimeout(2500);
      await b.page.reload();
      await loaded(b.page);
      await expect.poll(() => runsList(b.page)).toHaveLength(3);
      await clearAll(b.page);
      expect(await a.page.getByTestId('run-status').textContent()).toBe('Training');
      await a.page.waitForTimeout(2500);
      await a.page.getByRole('button', { name: 'Stop' }).click();
      await expect.poll(() => a.page.getByTestId('run-status').textContent(), { timeout: 30_000 }).toBe('Stopped');
      const stoppedAt = await a.page.getByTestId('step').textContent();
      const finalRuns = await runsList(a.page);
      expect(finalRuns).toHaveLength(3);
      expect(finalRuns.at(-1)).toMatch(/: Stopped$/);
      await b.page.reload();
      await loaded(b.page);
      await expect.poll(() => runsList(b.page)).toEqual([finalRuns.at(-1)]);
      // Whole: the saved run has every step A made, not the part saved before the clear.
      const json = await b.page.evaluate(async () => {
        const db = await new Promise<IDBDatabase>((done, fail) => {
          const request = indexedDB.open('batchnorm-playground');
          request.onsuccess = () => done(request.result);
          request.onerror = () => fail(request.error);
        });
        const all = await new Promise<unknown[]>((done, fail) => {
          const request = db.transaction('runs').objectStore('runs').getAll();
          request.onsuccess = () => done(request.result as unknown[]);
          request.onerror = () => fail(request.error);
        });
        db.close();
        return JSON.stringify(all);
      });
      const [saved] = JSON.parse(json) as { status: string; progress?: { step: number } }[];
      expect(saved?.status).toBe('stopped');
      expect(String(saved?.progress?.step)).toBe(stoppedAt?.replace(/,/g, ''));
      expect(a.errors, a.errors.join('\n')).toEqual([]);
      expect(b.errors, b.errors.join('\n')).toEqual([]);
    } finally {
      await context.close();
    }
  });
  it('two tabs: hiding or renaming the other tab’s run in one does not write back its old copy over the other’s later save', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1400, height: 1000 } });
    try {
      const a = await openIn(context);
      await train(a.page, '60000', '10', '5');
      await expect.poll(() => a.page.getByTestId('step').textContent(), { timeout: 30_000 }).not.toBe('0');
      // Past the 2 s throttle, so a copy of the training run is saved for B to load.
      await a.page.waitForTimeout(2500);
      const b = await openIn(context);
      await expect.poll(() => runsList(b.page)).toEqual(['BN · 128/64 · bs 32 · lr 1e-3: Interrupted']);
      await a.page.waitForTimeout(1000);
      await a.page.getByRole('button', { name: 'Stop' }).click();
      await expect.poll(() => a.page.getByTestId('run-status').textContent(), { timeout: 30_000 }).toBe('Stopped');
      await b.page.getByRole('checkbox', { name: 'Show BN · 128/64 · bs 32 · lr 1e-3 on the charts' }).uncheck();
      await b.page.waitForTimeout(500);
      for (const { page } of [a, b]) {
        await page.reload();
        await loaded(page);
        // A's last word on the run (stopped, every step) and B's on how it is shown (hidden) both kept.
        await expect.poll(() => runsList(page)).toEqual(['BN · 128/64 · bs 32 · lr 1e-3: Stopped']);
        expect(await page.getByRole('checkbox', { name: 'Show BN · 128/64 · bs 32 · lr 1e-3 on the charts' }).isChecked()).toBe(false);
      }
      expect(a.errors, a.errors.join('\n')).toEqual([]);
      expect(b.errors, b.errors.join('\n')).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
