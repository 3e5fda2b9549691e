/**
 * `npm run bench` (via bench.mjs): builds the bench page and the app into bench-results/, serves
 * them on 127.0.0.1, drives Debian's Chromium and prints the figures. A script, not a test: slow
 * numbers never fail it; only a crash does.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { describeError } from '../data/dataError';
import { launchChromium, launchChromiumWithoutGpu, serveDist } from '../e2e/harness';
import { measureApp, measureAppOnSwiftShader, type AppResult } from './appMeasures';
import { measureFreeze } from './freezeMeasures';
import { bundleFacts, buildBundles } from './bundles';
import { workerHeapProbe } from './pageProbes';
import { BENCH_DIST, OUT } from './paths';
import type { BackendResult, BenchPlan, ConvBenchPlan } from './protocol';
import { report } from './report';

/** Step counts sized so the whole bench stays within a few minutes on 2 cores with software WebGL. */
const PLANS: Omit<BenchPlan, 'baseUrl'>[] = [
  { backend: 'webgl', batchSizes: [32, 256], timedSteps: { 32: 60, 256: 30 }, warmupSteps: 10, rounds: 3, memoryEpochImages: 640 },
  { backend: 'wasm', batchSizes: [32, 256], timedSteps: { 32: 120, 256: 40 }, warmupSteps: 10, rounds: 3, memoryEpochImages: 640, jax: true },
  { backend: 'cpu', batchSizes: [32, 256], timedSteps: { 32: 20, 256: 6 }, warmupSteps: 3, rounds: 3, memoryEpochImages: 320 },
];

/**
 * The convnets per backend, after the MLP: steps sized to seconds a round. SwiftShader's WebGL runs
 * the small convnet at a few samples/s, and cpu's convolutions are plain JavaScript loops.
 */
const CONV_PLANS: Record<string, ConvBenchPlan> = {
  webgl: { batchSizes: [64, 256], timedSteps: { 'lenet-bn': { 64: 8, 256: 3 }, 'convnet-bn': { 64: 2, 256: 1 } }, warmupSteps: 2, rounds: 3 },
  wasm: { batchSizes: [64, 256], timedSteps: { 'lenet-bn': { 64: 40, 256: 12 }, 'convnet-bn': { 64: 12, 256: 4 } }, warmupSteps: 3, rounds: 3 },
  cpu: { batchSizes: [64, 256], timedSteps: { 'lenet-bn': { 64: 4, 256: 2 }, 'convnet-bn': { 64: 1, 256: 1 } }, warmupSteps: 1, rounds: 3 },
};

/**
 * The plans this run measures: `BENCH_BACKENDS=wasm,webgl` only those backends (`none`: only the
 * app); `BENCH_MLP=no` without the MLP (and jax-js), `BENCH_CONV=no` without the convnets.
 */
function chosenPlans(): Omit<BenchPlan, 'baseUrl'>[] {
  const only = process.env.BENCH_BACKENDS ? process.env.BENCH_BACKENDS.split(',') : null;
  const mlp = process.env.BENCH_MLP !== 'no';
  const conv = process.env.BENCH_CONV !== 'no';
  return PLANS.filter((p) => !only || only.includes(p.backend)).map((p) => ({
    ...p,
    ...(mlp ? {} : { batchSizes: [], jax: false }),
    ...(conv ? { conv: CONV_PLANS[p.backend] } : {}),
  }));
}

/** The app's figures, in Chromium without a GPU and on SwiftShader; null (and `failures.app`) if that failed. */
async function measureWholeApp(browser: Browser, failures: Record<string, string>): Promise<AppResult | null> {
  const plain = await launchChromiumWithoutGpu();
  try {
    const own = await measureApp(plain);
    // `BENCH_FREEZE_REPEATS=3 npm run bench`: each freeze journey 3 times, for the spread.
    const freeze = await measureFreeze(plain, Number(process.env.BENCH_FREEZE_REPEATS ?? 1));
    const onSwiftShader = await measureAppOnSwiftShader(browser);
    return { ...own, ...onSwiftShader, freeze, training: [...own.training, ...onSwiftShader.training] };
  } catch (error) {
    failures.app = describeError(error);
    console.log(`bench: app measurement failed: ${failures.app}`);
    return null;
  } finally {
    await plain.close();
  }
}

export async function main(): Promise<void> {
  const started = Date.now();
  mkdirSync(OUT, { recursive: true });
  console.log('bench: building bench page and app into bench-results/ …');
  await buildBundles();
  // Cross-origin isolated, so jax-js can start its thread pool (the bench worker keeps tfjs single-threaded).
  const server = await serveDist({
    root: BENCH_DIST,
    headers: { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' },
  });
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
    for (const plan of chosenPlans()) {
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
    // `BENCH_APP=no`: the backends only, without the app's measurements (a few minutes).
    if (process.env.BENCH_APP !== 'no') app = await measureWholeApp(browser, failures);
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
