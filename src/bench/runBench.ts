/**
 * `npm run bench` (via bench.mjs): builds the bench page and the app into bench-results/, serves
 * them on 127.0.0.1, drives Debian's Chromium and prints the figures. A script, not a test: slow
 * numbers never fail it; only a crash does.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { describeError } from '../data/dataError';
import { launchChromium, serveDist } from '../e2e/harness';
import type { BackendName } from '../worker/protocol';
import type { BackendResult, BenchPlan } from './protocol';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const OUT = join(REPO, 'bench-results');
const BENCH_DIST = join(OUT, 'dist');
// The app is built here rather than into dist/, so a bench never disturbs tests running on dist/.
const APP_DIST = join(OUT, 'app-dist');

/** Step counts sized so the whole bench stays within a few minutes on 2 cores with software WebGL. */
const PLANS: Omit<BenchPlan, 'baseUrl'>[] = [
  { backend: 'webgl', batchSizes: [32, 256], timedSteps: { 32: 60, 256: 30 }, warmupSteps: 10, rounds: 3, memoryEpochImages: 640 },
  { backend: 'wasm', batchSizes: [32, 256], timedSteps: { 32: 120, 256: 40 }, warmupSteps: 10, rounds: 3, memoryEpochImages: 640 },
  { backend: 'cpu', batchSizes: [32, 256], timedSteps: { 32: 20, 256: 6 }, warmupSteps: 3, rounds: 3, memoryEpochImages: 320 },
];

async function buildBundles(): Promise<void> {
  await build({
    configFile: false,
    root: fileURLToPath(new URL('.', import.meta.url)),
    base: './',
    // The MNIST files, served beside the page as the app serves them.
    publicDir: join(REPO, 'public'),
    logLevel: 'warn',
    worker: { format: 'es' },
    build: { outDir: BENCH_DIST, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 5000 },
  });
  await build({ root: REPO, logLevel: 'warn', build: { outDir: APP_DIST, emptyOutDir: true } });
}

/**
 * Reads a worker's V8 heap after a forced GC over CDP: workers have no `performance.memory`.
 * Non-flat auto-attach, so it coexists with Playwright's own session on the worker.
 */
async function workerHeapProbe(page: Page): Promise<() => Promise<number | null>> {
  const cdp = await page.context().newCDPSession(page);
  let sessionId: string | null = null;
  let nextId = 0;
  const waiting = new Map<number, (result: unknown) => void>();
  cdp.on('Target.attachedToTarget', (e) => {
    // Each backend gets a fresh worker; the newest is the one training.
    if (e.targetInfo.type === 'worker') sessionId = e.sessionId;
  });
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const reply = JSON.parse(e.message) as { id?: number; result?: unknown };
    if (reply.id !== undefined) waiting.get(reply.id)?.(reply.result ?? null);
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const call = (method: string) =>
    new Promise<unknown>((done) => {
      const id = ++nextId;
      const timer = setTimeout(() => done(null), 15_000);
      waiting.set(id, (result) => {
        clearTimeout(timer);
        waiting.delete(id);
        done(result);
      });
      if (sessionId) void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) }).catch(() => done(null));
      else done(null);
    });
  return async () => {
    await call('HeapProfiler.collectGarbage');
    const usage = (await call('Runtime.getHeapUsage')) as { usedSize: number } | null;
    return usage?.usedSize ?? null;
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Longest gap between animation frames on the main thread over `ms`, frames seen, and gaps over 50 ms. */
function rafGaps(page: Page, ms: number): Promise<{ maxGapMs: number; frames: number; longGaps: number }> {
  return page.evaluate(
    (duration) =>
      new Promise<{ maxGapMs: number; frames: number; longGaps: number }>((done) => {
        let last = performance.now();
        const end = last + duration;
        let maxGapMs = 0;
        let frames = 0;
        let longGaps = 0;
        const tick = (now: number) => {
          maxGapMs = Math.max(maxGapMs, now - last);
          if (now - last > 50) longGaps += 1;
          last = now;
          frames += 1;
          if (now < end) requestAnimationFrame(tick);
          else done({ maxGapMs, frames, longGaps });
        };
        requestAnimationFrame(tick);
      }),
    ms,
  );
}

interface AppResult {
  idleMaxGapMs: number;
  trainingMaxGapMs: number;
  trainingFrames: number;
  trainingGapsOver50Ms: number;
  trainingSamplesPerS: number;
}

/** The real app training 6,000 images on WebGL with live charts: does the main thread stay smooth? */
async function measureApp(browser: Browser): Promise<AppResult> {
  const server = await serveDist({ root: APP_DIST });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  try {
    await page.goto(server.url);
    await page.getByText('MNIST: 60,000 training / 10,000 test images').waitFor({ timeout: 120_000 });
    const idle = await rafGaps(page, 3000);
    await page.getByLabel('Training images', { exact: true }).fill('6000');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    const step = async () => Number((await page.getByTestId('step').textContent())?.replace(/\D/g, '') || 0);
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="step"]')?.textContent?.replace(/\D/g, '') || 0) > 0, null, {
      timeout: 120_000,
    });
    const before = await step();
    const t0 = Date.now();
    const training = await rafGaps(page, 8000);
    const steps = (await step()) - before;
    const seconds = (Date.now() - t0) / 1000;
    await page.getByRole('button', { name: 'Stop' }).click();
    // The app's default batch size is the tutorial's 32.
    return { idleMaxGapMs: idle.maxGapMs, trainingMaxGapMs: training.maxGapMs, trainingFrames: training.frames, trainingGapsOver50Ms: training.longGaps, trainingSamplesPerS: (steps * 32) / seconds };
  } finally {
    await page.close();
    await server.close();
  }
}

/** The main-thread bundle, gzipped, and whether tfjs leaked into it (its env flag names are the tell). */
function bundleFacts() {
  const assets = join(APP_DIST, 'assets');
  const files = readdirSync(assets);
  const main = files.find((f) => /^index-.*\.js$/.test(f));
  const worker = files.find((f) => /worker.*\.js$/.test(f));
  if (!main || !worker) throw new Error(`no index-*.js / worker bundle in ${assets}`);
  const markers = ['WEBGL_VERSION', 'IS_BROWSER', 'WASM_HAS_SIMD_SUPPORT'];
  const text = readFileSync(join(assets, main), 'utf8');
  const workerText = readFileSync(join(assets, worker), 'utf8');
  return {
    file: main,
    gzipBytes: gzipSync(text).length,
    tfjsInMain: markers.filter((m) => text.includes(m)),
    // If the worker lacked them too, the check itself would be broken.
    markersSeenInWorker: markers.every((m) => workerText.includes(m)),
  };
}

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
    // `BENCH_BACKENDS=wasm,webgl npm run bench` measures only those.
    const only = process.env.BENCH_BACKENDS?.split(',');
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
    try {
      app = await measureApp(browser);
    } catch (error) {
      failures.app = describeError(error);
      console.log(`bench: app measurement failed: ${failures.app}`);
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

function report(backends: BackendResult[], app: AppResult | null, bundle: ReturnType<typeof bundleFacts>): void {
  const lines: [string, number | string][] = [];
  const rows: string[][] = [['backend', 'batch', 'model', 'ours samples/s', 'fit samples/s', 'ours/fit']];
  for (const b of backends) {
    const name = b.backend as BackendName;
    for (const s of b.speed) {
      const key = `${name}.bs${s.batchSize}.${s.bn ? 'bn' : 'nobn'}`;
      const ours = median(s.ours);
      const fit = median(s.fit);
      rows.push([name, String(s.batchSize), s.bn ? 'BN' : 'no BN', ours.toFixed(0), fit.toFixed(0), (ours / fit).toFixed(2)]);
      lines.push([`samples_per_s.ours.${key}`, Math.round(ours)], [`samples_per_s.fit.${key}`, Math.round(fit)], [`ratio_vs_fit.${key}`, (ours / fit).toFixed(2)]);
    }
    lines.push([`first_step_ms.cold.${name}`, Math.round(b.firstStepColdMs)], [`first_step_ms.warm.${name}`, Math.round(b.firstStepWarmMs)]);
    const tensors = b.memory.map((m) => m.numTensors);
    const heaps = b.memory.map((m) => m.heapBytes);
    lines.push([`tensors_per_epoch.${name}`, tensors.join(',')], [`tensors_growth.${name}`, tensors.at(-1)! - tensors[0]!]);
    lines.push([`heap_mb_per_epoch.${name}`, heaps.every((h) => h !== null) ? heaps.map((h) => (h! / 2 ** 20).toFixed(1)).join(',') : 'n/a']);
  }
  if (app) {
    lines.push(['app.raf_max_gap_ms.idle', Math.round(app.idleMaxGapMs)], ['app.raf_max_gap_ms.training', Math.round(app.trainingMaxGapMs)]);
    lines.push(['app.frames_in_8s.training', app.trainingFrames], ['app.frame_gaps_over_50ms_in_8s.training', app.trainingGapsOver50Ms]);
    lines.push(['app.samples_per_s.webgl.bs32', Math.round(app.trainingSamplesPerS)]);
  }
  lines.push(['main_bundle_gzip_kb', (bundle.gzipBytes / 1024).toFixed(1)]);
  lines.push(['main_bundle_has_tfjs', bundle.markersSeenInWorker ? (bundle.tfjsInMain.length > 0 ? `yes(${bundle.tfjsInMain.join('+')})` : 'no') : 'unknown']);

  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  console.log('\nTraining speed (steady state, medians of alternating rounds):');
  for (const r of rows) console.log('  ' + r.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  console.log('\nFirst step (runExperiment → first onSteps) and memory over 5 short epochs (BN, batch 32; heap after GC):');
  for (const b of backends) {
    const heaps = b.memory.map((m) => (m.heapBytes === null ? 'n/a' : (m.heapBytes / 2 ** 20).toFixed(1)));
    console.log(
      `  ${b.backend.padEnd(6)} cold ${b.firstStepColdMs.toFixed(0).padStart(5)} ms  warm ${b.firstStepWarmMs.toFixed(0).padStart(5)} ms  ` +
        `tensors ${b.memory.map((m) => m.numTensors).join(',')}  heap MB ${heaps.join(',')}`,
    );
  }
  if (app) {
    console.log(`\nApp (WebGL, 6,000 images, charts live): longest frame gap ${app.trainingMaxGapMs.toFixed(0)} ms training ` +
        `(${app.trainingFrames} frames, ${app.trainingGapsOver50Ms} gaps > 50 ms in 8 s), ${app.idleMaxGapMs.toFixed(0)} ms idle`);
  } else console.log('\nApp: not measured');
  console.log(`Main-thread bundle ${bundle.file}: ${(bundle.gzipBytes / 1024).toFixed(1)} KiB gzip; tfjs markers in it: ${bundle.tfjsInMain.join(', ') || 'none'}\n`);
  for (const [name, value] of lines) console.log(`bench: ${name} ${value}`);
}
