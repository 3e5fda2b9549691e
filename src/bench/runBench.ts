/**
 * `npm run bench` (via bench.mjs): builds the bench page and the app into bench-results/, serves
 * them on 127.0.0.1, drives Debian's Chromium and prints the figures. A script, not a test: slow
 * numbers never fail it; only a crash does.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeError } from '../data/dataError';
import { launchChromium, launchChromiumWithoutGpu, serveDist } from '../e2e/harness';
import { measureApp, measureAppOnSwiftShader, type AppResult } from './appMeasures';
import { measureFreeze } from './freezeMeasures';
import { bundleFacts, buildBundles } from './bundles';
import { workerHeapProbe } from './pageProbes';
import { BENCH_DIST, OUT } from './paths';
import type { BackendResult, BenchPlan } from './protocol';
import { report } from './report';

/** Step counts sized so the whole bench stays within a few minutes on 2 cores with software WebGL. */
const PLANS: Omit<BenchPlan, 'baseUrl'>[] = [
  { backend: 'webgl', batchSizes: [32, 256], timedSteps: { 32: 60, 256: 30 }, warmupSteps: 10, rounds: 3, memoryEpochImages: 640 },
  { backend: 'wasm', batchSizes: [32, 256], timedSteps: { 32: 120, 256: 40 }, warmupSteps: 10, rounds: 3, memoryEpochImages: 640 },
  { backend: 'cpu', batchSizes: [32, 256], timedSteps: { 32: 20, 256: 6 }, warmupSteps: 3, rounds: 3, memoryEpochImages: 320 },
];

export async function main(): Promise<void> {
  const started = Date.now();
  mkdirSync(OUT, { recursive: true });
  console.log('bench: building bench page and app into bench-results/ …');
  await buildBundles();
  const server = await serveDist({ root: BENCH_DIST });
  const browser = await launchChromium();
  const backends: BackendResult[] = [];
  const failures: Record<string, string> = {};
  let app: AppResult | null = null;
  try {
    const page = await browser.newPage();
    page.on('console', (m) => console.log(m.text()));
    page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
    const heapAfterGc = await workerHeapProbe(page);
    const heaps = new Map<string, number | null>();
    await page.exposeFunction('benchHeap', async (backend: string, epoch: number) => {
      heaps.set(`${backend}/${epoch}`, await heapAfterGc());
    });
    await page.goto(server.url);
    // `BENCH_BACKENDS=wasm,webgl npm run bench` measures only those (`none`: only the app).
    const only = process.env.BENCH_BACKENDS ? process.env.BENCH_BACKENDS.split(',') : null;
    for (const plan of PLANS.filter((p) => !only || only.includes(p.backend))) {
      const t = Date.now();
      try {
        const result = await page.evaluate((p) => window.runBackend(p), { ...plan, baseUrl: server.url });
        for (const m of result.memory) m.heapBytes = heaps.get(`${plan.backend}/${m.epoch}`) ?? null;
        backends.push(result);
      } catch (error) {
        // One backend failing (e.g. no WebGL) should not cost the others' figures.
        failures[plan.backend] = describeError(error);
        console.log(`bench: ${plan.backend} failed: ${failures[plan.backend]}`);
      }
      console.log(`bench: ${plan.backend} took ${((Date.now() - t) / 1000).toFixed(0)} s`);
    }
    await page.close();
    const plain = await launchChromiumWithoutGpu();
    try {
      const own = await measureApp(plain);
      // `BENCH_FREEZE_REPEATS=3 npm run bench`: each freeze journey 3 times, for the spread.
      const freeze = await measureFreeze(plain, Number(process.env.BENCH_FREEZE_REPEATS ?? 1));
      const onSwiftShader = await measureAppOnSwiftShader(browser);
      app = { ...own, ...onSwiftShader, freeze, training: [...own.training, ...onSwiftShader.training] };
    } catch (error) {
      failures.app = describeError(error);
      console.log(`bench: app measurement failed: ${failures.app}`);
    } finally {
      await plain.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const bundle = bundleFacts();
  report(backends, app, bundle);
  const json = { date: new Date().toISOString(), seconds: (Date.now() - started) / 1000, plans: PLANS, backends, app, bundle, failures };
  writeFileSync(join(OUT, 'bench.json'), JSON.stringify(json, null, 2));
  console.log(`bench: wrote bench-results/bench.json in ${json.seconds.toFixed(0)} s total`);
}
