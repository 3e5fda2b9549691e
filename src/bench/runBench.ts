/**
 * `npm run bench` (via bench.mjs): builds the bench page and the app into bench-results/, serves
 * them on 127.0.0.1, drives Debian's Chromium and prints the figures. A script, not a test: slow
 * numbers never fail it; only a crash does.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { describeError } from '../data/dataError';
import { launchChromium, launchChromiumWithoutGpu, serveDist, type StaticServer } from '../e2e/harness';
import { exportRunsJson } from '../share/runsFile';
import { finishedRun, seriesOf } from '../share/testing/runFixture';
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
  // Vite's module runner, which loads this file, sets NODE_ENV=development, and Vite builds what
  // NODE_ENV says: without this the app is measured with React's development build (4× the main-thread work).
  process.env.NODE_ENV = 'production';
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

interface FrameGaps {
  maxGapMs: number;
  frames: number;
  longGaps: number;
}

/** Frame gaps while training with live charts, in one browser set-up, and the speed meanwhile. */
interface TrainingGaps extends FrameGaps {
  /** What was measured: backend, browser set-up, what was on screen. */
  label: string;
  samplesPerS: number;
}

interface AppResult {
  /** The backend Auto chose in Chromium without a GPU, as the status line shows it, and why. */
  autoBackend: string;
  /** From navigation: the Train button usable, and MNIST loaded (first visit, nothing cached). */
  interactiveMs: number;
  dataReadyMs: number;
  /** The same on a second visit (data from the cache). */
  interactiveCachedMs: number;
  dataReadyCachedMs: number;
  /** Click on Train to the first step shown (Auto): first training of the page, then a second one. */
  firstStepColdMs: number;
  firstStepWarmMs: number;
  /** WebGL (SwiftShader): from choosing it until the status stops saying it compiles, and click to first step then. */
  webglWarmUpMs: number;
  webglFirstStepMs: number;
  /** WebGL: click to first step when Train is pressed right after choosing WebGL (the warm-up still running). */
  webglFirstStepDuringWarmUpMs: number;
  idle: FrameGaps;
  training: TrainingGaps[];
  /** 2 runs × 50,000 steps: import until drawn, and the frame gaps while it happens. */
  chartImportMs: number;
  chartImport: FrameGaps;
  /** Switching the x axis with those runs shown: until redrawn, and the longest frame gap. */
  chartAxisSwitchMs: number;
  chartAxisSwitch: FrameGaps;
}

const stepShown = () => Number(document.querySelector('[data-testid="step"]')?.textContent?.replace(/\D/g, '') || 0);

/** Clicks Train in the page and resolves with the milliseconds until a first step is shown (measured in the page). */
function clickToFirstStep(page: Page): Promise<number> {
  // The step reader is written out here: the app's CSP forbids building it with new Function.
  return page.evaluate(
    () =>
      new Promise<number>((done, fail) => {
        const shown = () => Number(document.querySelector('[data-testid="step"]')?.textContent?.replace(/\D/g, '') || 0);
        const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Train');
        if (!button) return fail(new Error('no Train button'));
        const t0 = performance.now();
        setTimeout(() => fail(new Error(`no step shown 60 s after Train (Train disabled: ${button.disabled}; step: ${shown()})`)), 60_000);
        const observer = new MutationObserver(() => {
          if (shown() > 0) {
            observer.disconnect();
            done(performance.now() - t0);
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        button.click();
      }),
  );
}

/** Presses Stop and waits until Train can be pressed again. */
async function stopTraining(page: Page): Promise<void> {
  await page.evaluate(() => [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Stop')?.click());
  await page.waitForFunction(() => [...document.querySelectorAll('button')].some((b) => b.textContent?.trim() === 'Train' && !b.disabled), null, { timeout: 60_000 });
}

/** From navigation start: the Train button in the page, and the data-loaded line. */
async function pageLoadTimes(page: Page, url: string): Promise<{ interactiveMs: number; dataReadyMs: number }> {
  await page.goto(url, { waitUntil: 'commit' });
  await page.getByRole('button', { name: 'Train', exact: true }).waitFor({ timeout: 60_000 });
  const interactiveMs = await page.evaluate(() => performance.now());
  await page.getByText('MNIST: 60,000 training / 10,000 test images').waitFor({ timeout: 120_000 });
  const dataReadyMs = await page.evaluate(() => performance.now());
  return { interactiveMs, dataReadyMs };
}

/** Two runs of 50,000 steps each as a runs file, as the app exports them. */
function bigRunsFile(): string {
  const steps = 50_000;
  const runs = [0, 1].map((r) => {
    const loss = Array.from({ length: steps }, (_, i) => 2.3 * Math.exp(-i / 5000) + 0.05 + 0.1 * Math.sin(i * (r + 1)));
    const accuracy = loss.map((l) => Math.max(0, Math.min(1, 1 - l / 2.5)));
    const run = finishedRun({ id: `bench-${r}`, name: `bench run ${r + 1}`, colorIndex: r, series: seriesOf(loss, accuracy, 1000) });
    return {
      ...run,
      totalSteps: steps,
      stepsPerEpoch: steps / 10,
      trainCount: 60_000,
      timeMarks: [{ step: steps, elapsedMs: 600_000 }],
      epochs: Array.from({ length: 10 }, (_, e) => ({ epoch: e + 1, step: (e + 1) * (steps / 10), elapsedMs: (e + 1) * 60_000, loss: loss[(e + 1) * (steps / 10) - 1]!, accuracy: 0.9 })),
      config: { ...run.config, train: { ...run.config.train, epochs: 10 } },
    };
  });
  return exportRunsJson(runs);
}

/** 8 s of training with live charts: the frame gaps, and the samples/s meanwhile (the app's default batch size is the tutorial's 32). */
async function trainingGaps(page: Page, label: string): Promise<TrainingGaps> {
  await page.waitForFunction(stepShown, null, { timeout: 60_000 });
  const before = await page.evaluate(stepShown);
  const t0 = Date.now();
  const gaps = await rafGaps(page, 8000);
  const steps = (await page.evaluate(stepShown)) - before;
  return { label, ...gaps, samplesPerS: (steps * 32) / ((Date.now() - t0) / 1000) };
}

/** Chooses `backend` and waits for the status line to show it. */
async function chooseBackend(page: Page, backend: string): Promise<void> {
  await page.getByLabel('Backend').selectOption(backend);
  await page.waitForFunction((b) => document.querySelector('[data-testid="backend"]')?.textContent?.startsWith(b), backend, { timeout: 60_000 });
}

const APP_VIEWPORT = { width: 1400, height: 1000 };

/**
 * Serves the built app and hands `measure` a fresh page on `browser` (its context and the server
 * too); on failure saves a screenshot as `failureShot` in bench-results/; closes all of it after.
 */
async function onAppPage<T>(browser: Browser, failureShot: string, measure: (page: Page, server: StaticServer, context: BrowserContext) => Promise<T>): Promise<T> {
  const server = await serveDist({ root: APP_DIST });
  const context = await browser.newContext({ viewport: APP_VIEWPORT });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`app page error: ${e.message}`));
  page.on('crash', () => console.log('app page crashed'));
  try {
    return await measure(page, server, context);
  } catch (error) {
    await page.screenshot({ path: join(OUT, failureShot) }).catch(() => {});
    throw error;
  } finally {
    await context.close();
    await server.close();
  }
}

/**
 * The real app in Chromium as it runs on this machine without a GPU (what a visitor gets): load
 * times, click-to-first-step on Auto, frame gaps idle and while training (all 60,000 images,
 * batch 32; with the Inside BatchNorm views in view too), charts with 50,000 points per series.
 */
async function measureApp(browser: Browser): Promise<Omit<AppResult, 'webglWarmUpMs' | 'webglFirstStepMs' | 'webglFirstStepDuringWarmUpMs'>> {
  return onAppPage(browser, 'app-failure.png', async (page, server, context) => {
    const first = await pageLoadTimes(page, server.url);
    const autoBackend = `${await page.getByTestId('backend').textContent()} ${(await page.getByTestId('backend-reason').allTextContents()).join('')}`;
    const idle = await rafGaps(page, 3000);
    // All 60,000 images, so no run ends by itself while it is measured (wasm trains ~5,000 a second).
    await page.getByLabel('Training images', { exact: true }).fill('60000');
    console.log('bench: app training on auto (Chromium without a GPU)');
    const firstStepColdMs = await clickToFirstStep(page);
    console.log(`bench: app first step after ${firstStepColdMs.toFixed(0)} ms`);
    const training = [await trainingGaps(page, 'auto, default view')];
    // The Inside BatchNorm views redraw from the probes only while on screen.
    await page.evaluate(() => document.querySelector('#inside-heading')?.scrollIntoView());
    training.push(await trainingGaps(page, 'auto, Inside BatchNorm in view'));
    await page.evaluate(() => window.scrollTo(0, 0));
    await stopTraining(page);
    const firstStepWarmMs = await clickToFirstStep(page);
    await stopTraining(page);
    await page.close();

    // Charts: a fresh context (no runs kept from the training above), then 2 runs × 50,000 steps imported.
    const chartContext = await browser.newContext({ viewport: APP_VIEWPORT });
    const charts = await chartContext.newPage();
    await charts.goto(server.url);
    await charts.getByRole('button', { name: 'Train', exact: true }).waitFor({ timeout: 60_000 });
    console.log('bench: app charts with 2 runs x 50,000 steps');
    const json = bigRunsFile();
    const importGaps = rafGaps(charts, 6000);
    const t0 = Date.now();
    await charts.locator('input[type=file]').first().setInputFiles({ name: 'runs.json', mimeType: 'application/json', buffer: Buffer.from(json) });
    await charts.waitForFunction(
      () => document.querySelector('#loss-chart')?.getAttribute('data-lines') === '2' && Number(document.querySelector('#loss-chart')?.getAttribute('data-points')) > 0,
      null,
      { timeout: 60_000 },
    );
    const chartImportMs = Date.now() - t0;
    const chartImport = await importGaps;
    const switchGaps = rafGaps(charts, 3000);
    const t1 = Date.now();
    await charts.getByLabel('X axis', { exact: true }).selectOption('epoch');
    await charts.waitForFunction(
      () => [...document.querySelectorAll('#loss-chart .recharts-cartesian-axis-tick-value')].some((t) => t.textContent === '10'),
      null,
      { timeout: 30_000 },
    );
    const chartAxisSwitchMs = Date.now() - t1;
    const chartAxisSwitch = await switchGaps;
    await chartContext.close();

    // A second visit: the data comes from the cache (HTTP or service worker).
    const again = await context.newPage();
    const cached = await pageLoadTimes(again, server.url);
    await again.close();
    return {
      autoBackend,
      interactiveMs: first.interactiveMs,
      dataReadyMs: first.dataReadyMs,
      interactiveCachedMs: cached.interactiveMs,
      dataReadyCachedMs: cached.dataReadyMs,
      firstStepColdMs,
      firstStepWarmMs,
      idle,
      training,
      chartImportMs,
      chartImport,
      chartAxisSwitchMs,
      chartAxisSwitch,
    };
  });
}

/**
 * The app where WebGL exists only as SwiftShader (software), with Chromium told to use it (the
 * e2e tests' flags): click-to-first-step on WebGL right after choosing it and once the status says
 * its programs are compiled, and frame gaps while training on Auto (wasm) and on WebGL. Here
 * SwiftShader also draws the page itself, on the CPU the training shares.
 */
async function measureAppOnSwiftShader(browser: Browser): Promise<Pick<AppResult, 'webglWarmUpMs' | 'webglFirstStepMs' | 'webglFirstStepDuringWarmUpMs' | 'training'>> {
  return onAppPage(browser, 'app-swiftshader-failure.png', async (page, server) => {
    await pageLoadTimes(page, server.url);
    await page.getByLabel('Training images', { exact: true }).fill('60000');
    console.log('bench: app training on auto (SwiftShader as the GPU)');
    await clickToFirstStep(page);
    const training = [await trainingGaps(page, 'auto (wasm), page drawn by SwiftShader')];
    await stopTraining(page);

    console.log('bench: app on webgl, Train pressed right after choosing it');
    await chooseBackend(page, 'webgl');
    const webglFirstStepDuringWarmUpMs = await clickToFirstStep(page);
    await stopTraining(page);
    // Away and back, so the warm-up runs again from the start, then wait for the status to say it is done.
    await chooseBackend(page, 'wasm');
    const t0 = Date.now();
    await chooseBackend(page, 'webgl');
    await page.getByTestId('backend-warming').waitFor({ state: 'detached', timeout: 120_000 });
    const webglWarmUpMs = Date.now() - t0;
    console.log(`bench: app webgl warm-up took ${webglWarmUpMs} ms`);
    const webglFirstStepMs = await clickToFirstStep(page);
    training.push(await trainingGaps(page, 'webgl (SwiftShader), page drawn by SwiftShader'));
    await stopTraining(page);
    return { webglWarmUpMs, webglFirstStepMs, webglFirstStepDuringWarmUpMs, training };
  });
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
      const onSwiftShader = await measureAppOnSwiftShader(browser);
      app = { ...own, ...onSwiftShader, training: [...own.training, ...onSwiftShader.training] };
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
    lines.push([`first_step_ms.engine.cold.${name}`, Math.round(b.firstStepColdMs)], [`first_step_ms.engine.warm.${name}`, Math.round(b.firstStepWarmMs)]);
    const tensors = b.memory.map((m) => m.numTensors);
    const heaps = b.memory.map((m) => m.heapBytes);
    lines.push([`tensors_per_epoch.${name}`, tensors.join(',')], [`tensors_growth.${name}`, tensors.at(-1)! - tensors[0]!]);
    lines.push([`heap_mb_per_epoch.${name}`, heaps.every((h) => h !== null) ? heaps.map((h) => (h! / 2 ** 20).toFixed(1)).join(',') : 'n/a']);
  }
  const gapLines = (key: string, g: FrameGaps) => {
    lines.push([`app.raf_max_gap_ms.${key}`, Math.round(g.maxGapMs)], [`app.frame_gaps_over_50ms.${key}`, g.longGaps]);
  };
  if (app) {
    lines.push(['app.auto_backend', JSON.stringify(app.autoBackend)]);
    lines.push(['app.interactive_ms.first_visit', Math.round(app.interactiveMs)], ['app.data_ready_ms.first_visit', Math.round(app.dataReadyMs)]);
    lines.push(['app.interactive_ms.cached', Math.round(app.interactiveCachedMs)], ['app.data_ready_ms.cached', Math.round(app.dataReadyCachedMs)]);
    lines.push(['app.first_step_ms.click.cold', Math.round(app.firstStepColdMs)], ['app.first_step_ms.click.warm', Math.round(app.firstStepWarmMs)]);
    lines.push(['app.webgl.warm_up_ms', app.webglWarmUpMs], ['app.webgl.first_step_ms.click.warmed', Math.round(app.webglFirstStepMs)]);
    lines.push(['app.webgl.first_step_ms.click.during_warm_up', Math.round(app.webglFirstStepDuringWarmUpMs)]);
    gapLines('idle', app.idle);
    for (const t of app.training) {
      const key = t.label.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '').toLowerCase();
      gapLines(`training.${key}`, t);
      lines.push([`app.samples_per_s.training.${key}.bs32`, Math.round(t.samplesPerS)]);
    }
    lines.push(['app.chart_import_ms.2x50k', app.chartImportMs]);
    gapLines('chart_import.2x50k', app.chartImport);
    lines.push(['app.chart_axis_switch_ms.2x50k', app.chartAxisSwitchMs]);
    gapLines('chart_axis_switch.2x50k', app.chartAxisSwitch);
  }
  lines.push(['main_bundle_gzip_kb', (bundle.gzipBytes / 1024).toFixed(1)]);
  lines.push(['main_bundle_has_tfjs', bundle.markersSeenInWorker ? (bundle.tfjsInMain.length > 0 ? `yes(${bundle.tfjsInMain.join('+')})` : 'no') : 'unknown']);

  // Markdown, so the README's table is this output, pasted.
  console.log('\nTraining speed (steady state, medians of alternating rounds, same worker and data):\n');
  console.log(`| ${rows[0]!.join(' | ')} |`);
  console.log(`|${rows[0]!.map((_, i) => (i < 3 ? ' --- ' : ' ---: ')).join('|')}|`);
  for (const r of rows.slice(1)) console.log(`| ${r.join(' | ')} |`);
  console.log('\nFirst step in the engine (runExperiment → first onSteps) and memory over 5 short epochs (BN, batch 32; heap after GC):\n');
  for (const b of backends) {
    const heaps = b.memory.map((m) => (m.heapBytes === null ? 'n/a' : (m.heapBytes / 2 ** 20).toFixed(1)));
    console.log(
      `- ${b.backend}: cold ${b.firstStepColdMs.toFixed(0)} ms, warm ${b.firstStepWarmMs.toFixed(0)} ms; ` +
        `tensors ${b.memory.map((m) => m.numTensors).join(', ')}; heap MB ${heaps.join(', ')}`,
    );
  }
  if (app) {
    console.log(`\nApp (real page, batch 32, charts live; Chromium without a GPU unless the row says SwiftShader). Auto chose: ${app.autoBackend}\n`);
    console.log('| measure | value |');
    console.log('| --- | ---: |');
    const row = (k: string, v: string) => console.log(`| ${k} | ${v} |`);
    row('page interactive (Train button), first visit / cached', `${app.interactiveMs.toFixed(0)} / ${app.interactiveCachedMs.toFixed(0)} ms`);
    row('MNIST loaded, first visit / cached', `${app.dataReadyMs.toFixed(0)} / ${app.dataReadyCachedMs.toFixed(0)} ms`);
    row('click Train → first step shown (Auto), first run / second run', `${app.firstStepColdMs.toFixed(0)} / ${app.firstStepWarmMs.toFixed(0)} ms`);
    row('WebGL chosen → status says its programs are compiled', `${app.webglWarmUpMs} ms`);
    row('WebGL: click Train → first step shown, once compiled / right after choosing WebGL', `${app.webglFirstStepMs.toFixed(0)} / ${app.webglFirstStepDuringWarmUpMs.toFixed(0)} ms`);
    row('longest frame gap, idle', `${app.idle.maxGapMs.toFixed(0)} ms`);
    for (const t of app.training) {
      row(`longest frame gap training: ${t.label} (gaps > 50 ms in 8 s; samples/s)`, `${t.maxGapMs.toFixed(0)} ms (${t.longGaps}; ${t.samplesPerS.toFixed(0)})`);
    }
    row('import 2 runs × 50,000 steps until drawn (longest frame gap)', `${app.chartImportMs} ms (${app.chartImport.maxGapMs.toFixed(0)} ms)`);
    row('switch x axis with them shown (longest frame gap)', `${app.chartAxisSwitchMs} ms (${app.chartAxisSwitch.maxGapMs.toFixed(0)} ms)`);
  } else console.log('\nApp: not measured');
  console.log(`\nMain-thread bundle ${bundle.file}: ${(bundle.gzipBytes / 1024).toFixed(1)} KiB gzip; tfjs markers in it: ${bundle.tfjsInMain.join(', ') || 'none'}\n`);
  for (const [name, value] of lines) console.log(`bench: ${name} ${value}`);
}
