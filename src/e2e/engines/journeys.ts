import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS, serveDist, type StaticServer } from '../harness';
import { fieldValue, type EnginePage, type EngineSession } from './driver';
import { hooked, instrumentedSite } from './instrumentedSite';

export interface EngineFacts {
  /** Whether the engine runs the site's service worker on http://127.0.0.1 (WebDriver session, fresh profile). */
  serviceWorker: boolean;
}

const bodyText = (page: EnginePage) => page.run(() => document.body.innerText);
const testIds = (page: EnginePage, id: string) => page.run((id) => [...document.querySelectorAll(`[data-testid="${id}"]`)].map((e) => e.textContent ?? ''), id);
const runStatus = async (page: EnginePage) => (await testIds(page, 'run-status')).join(',');
const step = async (page: EnginePage) => Number((await testIds(page, 'step'))[0]?.replace(/,/g, '') ?? NaN);
/** The runs list: each run's name and status, top to bottom. */
const runsList = (page: EnginePage) =>
  page.run(() =>
    [...document.querySelectorAll('.runs-table tbody tr')].map((tr) => ({
      name: (tr.querySelector('.run-name')?.textContent ?? '').trim(),
      status: (tr.querySelector('td:nth-child(3)')?.textContent ?? '').trim(),
    })),
  );
const dataLoaded = async (page: EnginePage) => (await bodyText(page)).includes('MNIST: 60,000 training / 10,000 test images');
const controller = (page: EnginePage) => page.run(() => navigator.serviceWorker?.controller?.scriptURL ?? null);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** No uncaught error, console error or CSP violation in the current document so far. */
async function expectNoErrors(page: EnginePage): Promise<void> {
  const record = await hooked(page);
  expect(record, 'the e2e hook did not load').not.toBeNull();
  expect(record!.errors, record!.errors.join('\n')).toEqual([]);
}

/**
 * The journeys every engine must pass, on a copy of dist/ instrumented to record errors and
 * downloads (instrumentedSite.ts); a subset of the Chromium suite, kept short (WebAssembly, a
 * few hundred images). The tests run in order on one tab: later ones use the runs earlier ones made.
 */
export function describeEngineJourneys(engine: string, launch: () => Promise<EngineSession>, facts: EngineFacts): void {
  describe(`the playground in ${engine}`, () => {
    let site: Awaited<ReturnType<typeof instrumentedSite>> | undefined;
    let server: StaticServer | undefined;
    let session: EngineSession | undefined;
    const page = () => session!.page;
    const shot = (name: string) => page().screenshot(join(SCREENSHOTS, `${engine.toLowerCase()}-${name}.png`));

    beforeAll(async () => {
      mkdirSync(SCREENSHOTS, { recursive: true });
      site = await instrumentedSite();
      server = await serveDist({ root: site.root });
      session = await launch();
    }, 180_000);
    afterAll(async () => {
      await session?.close();
      await server?.close().catch(() => undefined);
      site?.remove();
    });

    it('loads MNIST and picks WebAssembly on Auto (no WebGL2 in a worker here), with no error or CSP violation', async () => {
      await page().goto(server!.url);
      await expect.poll(() => dataLoaded(page()), { timeout: 90_000 }).toBe(true);
      await expect.poll(() => testIds(page(), 'backend'), { timeout: 60_000 }).toEqual(['wasm · WebAssembly']);
      console.info(`${engine}: ${session!.version}; Auto: ${(await testIds(page(), 'backend-reason')).join('')}`);
      await expectNoErrors(page());
    });

    it('trains a short run to a test accuracy', async () => {
      await page().fill('Training images', '2000');
      await page().fill('Epochs', '1');
      await page().click('Train');
      await expect.poll(() => runStatus(page()), { timeout: 120_000 }).toBe('Finished');
      const result = (await testIds(page(), 'test-result'))[0] ?? '';
      const accuracy = Number(/accuracy ([\d.]+)%/.exec(result)?.[1]);
      console.info(`${engine}: 2000 images, 1 epoch: ${result}`);
      expect(accuracy).toBeGreaterThan(60);
      await expectNoErrors(page());
    });

    it('pauses, resumes and stops', async () => {
      await page().fill('Training images', '3200');
      await page().fill('Epochs', '5');
      await page().click('Train');
      await expect.poll(() => step(page()), { timeout: 60_000 }).toBeGreaterThan(3);
      await page().click('Pause');
      await expect.poll(() => runStatus(page()), { timeout: 10_000 }).toBe('Paused');
      const pausedAt = await step(page());
      await sleep(1500);
      expect(await step(page())).toBe(pausedAt);
      await page().click('Resume');
      await expect.poll(() => step(page()), { timeout: 30_000 }).toBeGreaterThan(pausedAt);
      await page().click('Stop');
      await expect.poll(() => runStatus(page()), { timeout: 10_000 }).toBe('Stopped');
      const stoppedAt = await step(page());
      await sleep(1000);
      expect(await step(page())).toBe(stoppedAt);
      await expectNoErrors(page());
    });

    it('trains a paired BN / no-BN comparison and draws both curves', async () => {
      await page().fill('Training images', '640');
      await page().fill('Epochs', '1');
      await page().click('Train comparison (2 runs)');
      await expect
        .poll(async () => (await runsList(page())).slice(-2).map((r) => r.status.split(/\W/)[0]), { timeout: 180_000 })
        .toEqual(['Finished', 'Finished']);
      const names = (await runsList(page())).slice(-2).map((r) => r.name);
      // Names repeat across runs of the same setup: the list numbers the later ones, e.g. "(3)".
      expect(names.map((n) => n.replace(/ \(\d+\)$/, ''))).toEqual(['BN · 128/64 · bs 32 · lr 1e-3', 'no BN · 128/64 · bs 32 · lr 1e-3']);
      const curves = await page().run(() =>
        [...document.querySelectorAll('#loss-chart path.recharts-curve')].map((p) => ({
          stroke: p.getAttribute('stroke'),
          length: (p.getAttribute('d') ?? '').length,
        })),
      );
      // One curve per run at least (smoothed and raw may both be drawn), in two colours, each a real line.
      expect(new Set(curves.map((c) => c.stroke)).size).toBeGreaterThanOrEqual(2);
      expect(curves.filter((c) => c.length > 100).length).toBeGreaterThanOrEqual(2);
      await page().run(() => scrollTo(0, 0));
      await shot('comparison');
      await expectNoErrors(page());
    });

    it('saves the history as CSV, the runs as JSON and a chart as PNG', async () => {
      await page().click('Download history (CSV)');
      await page().click('Download runs (JSON)');
      await page().click('Download PNG of Loss (cross-entropy)');
      await expect.poll(async () => (await hooked(page()))?.downloads.filter((d) => !d.pending).length, { timeout: 30_000 }).toBe(3);
      const downloads = (await hooked(page()))!.downloads;
      const [csv, json, png] = downloads;
      expect(downloads.map((d) => d.error ?? null)).toEqual([null, null, null]);
      expect(csv?.name).toMatch(/\.csv$/);
      expect(csv?.text?.split(/\r?\n/)[0]).toBe('run_id,run_name,epoch,loss,accuracy,val_loss,val_accuracy,elapsed_s');
      expect(json?.name).toMatch(/^batchnorm-runs-.*\.json$/);
      const runs = (JSON.parse(json?.text ?? '{}') as { runs?: { status: string }[] }).runs;
      expect(runs?.map((r) => r.status)).toEqual(['completed', 'stopped', 'completed', 'completed']);
      expect(png?.name).toMatch(/\.png$/);
      expect(png?.type).toBe('image/png');
      expect(png?.head?.slice(1, 4)).toEqual([0x50, 0x4e, 0x47]);
      expect(png?.size).toBeGreaterThan(10_000);
      await expectNoErrors(page());
    });

    it('keeps the runs over a reload', async () => {
      const before = await runsList(page());
      expect(before).toHaveLength(4);
      await page().reload();
      await expect.poll(() => runsList(page()), { timeout: 30_000 }).toEqual(before);
      await expect.poll(() => dataLoaded(page()), { timeout: 90_000 }).toBe(true);
      await expectNoErrors(page());
    });

    it('round-trips a shared link', async () => {
      await page().fill('Learning rate', '0.01');
      await page().fill('Batch size', '64');
      await page().fill('Epochs', '2');
      await expect.poll(() => page().run(fieldValue, 'Link to this experiment')).toMatch(/[?&]lr=0\.01(&|$)/);
      const link = (await page().run(fieldValue, 'Link to this experiment'))!;
      expect(link).toMatch(/[?&]bs=64(&|$)/);
      expect(new URL(link).origin).toBe(new URL(server!.url).origin);
      await page().goto(server!.url);
      await expect.poll(() => page().run(fieldValue, 'Batch size'), { timeout: 30_000 }).toBe('32');
      await page().goto(link);
      await expect.poll(() => page().run(fieldValue, 'Batch size'), { timeout: 30_000 }).toBe('64');
      expect(await page().run(fieldValue, 'Learning rate')).toBe('0.01');
      expect(await page().run(fieldValue, 'Epochs')).toBe('2');
      expect(await page().run(fieldValue, 'Link to this experiment')).toBe(link);
      await expectNoErrors(page());
    });

    if (facts.serviceWorker) {
      it('works offline on the second visit: loads MNIST and trains with the server down', async () => {
        await expect.poll(() => controller(page()), { timeout: 90_000 }).toBe(`${server!.url}sw.js`);
        await server!.close();
        await expect(fetch(server!.url)).rejects.toThrow();
        await page().goto(server!.url);
        await expect.poll(() => dataLoaded(page()), { timeout: 90_000 }).toBe(true);
        await page().fill('Training images', '320');
        await page().fill('Epochs', '1');
        await page().click('Train');
        await expect.poll(() => runStatus(page()), { timeout: 120_000 }).toBe('Finished');
        await expectNoErrors(page());
      });
    } else {
      it('has no service worker on http://127.0.0.1, so the offline second visit is not offered (the page says nothing breaks)', async () => {
        const registered = await page().run(async () => ('serviceWorker' in navigator ? Boolean(await navigator.serviceWorker.getRegistration()) : false));
        expect(registered).toBe(false);
        await expectNoErrors(page());
      });
    }
  });
}
