/**
 * `npm run bench:engines [chromium] [firefox] [webkit]`: the same short run on WebAssembly in each
 * engine, through the app as a user starts it, and its steady-state training speed. A script, not
 * a test: slow numbers never fail it. Needs a built dist/ (npm run build).
 * Then the bench page's engine-only measurement (src/bench/bench.worker.ts: our training step in
 * a worker, no page, no charts) in each engine, to tell the engine's WebAssembly from our page.
 */
import { launchChromiumSession } from '../e2e/engines/chromium';
import type { EngineSession } from '../e2e/engines/driver';
import { launchFirefox } from '../e2e/engines/firefox';
import { hooked, instrumentedSite } from '../e2e/engines/instrumentedSite';
import { launchWebKit } from '../e2e/engines/webkit';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { serveDist } from '../e2e/harness';
import type { BackendResult, BenchPlan } from './protocol';

const ENGINES: Record<string, () => Promise<EngineSession>> = { chromium: launchChromiumSession, firefox: launchFirefox, webkit: launchWebKit };

/** Training images per run (batch 32, one epoch: 400 steps); the first WARMUP steps are left out of the speed. */
const IMAGES = 12_800;
const BATCH = 32;
const WARMUP = 100;
const RUNS = 3;

const until = async <T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 300_000): Promise<T> => {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(value)})`);
    await new Promise((r) => setTimeout(r, 250));
  }
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface ExportedRun {
  timeMarks: { step: number; elapsedMs: number }[];
}

/** What tfjs' wasm backend picks from: SIMD (validated as wasm-feature-detect does) and threads (need cross-origin isolation). Runs in the page. */
const wasmFeatures = () => {
  const simd = WebAssembly.validate(
    new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]),
  );
  const threads = typeof SharedArrayBuffer !== 'undefined' && globalThis.crossOriginIsolated === true;
  return `${simd ? 'SIMD' : 'no SIMD'}, ${threads ? 'threads' : 'no threads'}`;
};

const status = (session: EngineSession) => session.page.run(() => document.querySelector('[data-testid="run-status"]')?.textContent ?? '');

/** Trains one run and returns its steady-state samples/s, from the timing marks in the exported JSON (the `n`th download of this page). */
async function timedRun(session: EngineSession, n: number): Promise<number> {
  const { page } = session;
  await page.click('Train');
  await until(
    'the run to start',
    () => status(session),
    (s) => s === 'Training' || s === 'Starting',
  );
  await until(
    'the run to finish',
    () => status(session),
    (s) => s === 'Finished',
  );
  await page.click('Download runs (JSON)');
  const file = await until(
    'the JSON file',
    () => hooked(page),
    (h) => (h?.downloads.filter((d) => !d.pending).length ?? 0) >= n,
  );
  const marks = (JSON.parse(file!.downloads[n - 1]!.text!) as { runs: ExportedRun[] }).runs.at(-1)!.timeMarks;
  const from = marks.find((m) => m.step >= WARMUP)!;
  const to = marks.at(-1)!;
  return ((to.step - from.step) * BATCH) / ((to.elapsedMs - from.elapsedMs) / 1000);
}

/** Builds the bench page (src/bench/index.html) into a temporary folder, with the MNIST files beside it. */
async function buildBenchPage(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'bench-page-'));
  process.env.NODE_ENV = 'production';
  await build({
    configFile: false,
    root: fileURLToPath(new URL('.', import.meta.url)),
    base: './',
    publicDir: fileURLToPath(new URL('../../public', import.meta.url)),
    logLevel: 'warn',
    worker: { format: 'es' },
    build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 5000 },
  });
  return outDir;
}

const WASM_PLAN: Omit<BenchPlan, 'baseUrl'> = {
  backend: 'wasm',
  batchSizes: [BATCH],
  timedSteps: { [BATCH]: 120 },
  warmupSteps: 10,
  rounds: 3,
  memoryEpochImages: 320,
};

/** The engine-only figures: our step and tfjs' model.fit, with and without BN, in a bare worker. */
async function benchPageRows(sessions: { session: EngineSession }[]): Promise<string[]> {
  const dir = await buildBenchPage();
  const server = await serveDist({ root: dir });
  const rows: string[] = [];
  try {
    for (const { session } of sessions) {
      await session.page.goto(server.url);
      await until(
        'the bench page',
        () => session.page.run(() => typeof (window as unknown as { runBackend?: unknown }).runBackend),
        (t) => t === 'function',
        30_000,
      );
      const result = await session.page.run((plan: BenchPlan) => (window as unknown as { runBackend(p: BenchPlan): Promise<BackendResult> }).runBackend(plan), {
        ...WASM_PLAN,
        baseUrl: server.url,
      });
      const cell = (bn: boolean, which: 'ours' | 'fit') => Math.round(median(result.speed.find((s) => s.bn === bn)![which])).toLocaleString('en-US');
      const row = `| ${session.version} | ${result.actualBackend} | ${cell(true, 'ours')} | ${cell(false, 'ours')} | ${cell(true, 'fit')} |`;
      console.log(row);
      rows.push(row);
    }
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

export async function main(): Promise<void> {
  const names = process.argv.slice(2).filter((a) => a in ENGINES);
  const site = await instrumentedSite();
  const server = await serveDist({ root: site.root });
  const sessions: { name: string; session: EngineSession; features: string; speeds: number[] }[] = [];
  let pageRows: string[];
  try {
    for (const name of names.length ? names : Object.keys(ENGINES)) {
      const session = await ENGINES[name]!();
      sessions.push({ name, session, features: '', speeds: [] });
      const { page } = session;
      await page.goto(server.url);
      await until(
        'MNIST',
        () => page.run(() => document.body.innerText),
        (t) => t.includes('MNIST: 60,000 training'),
      );
      const backend = await until(
        'the backend',
        () => page.run(() => document.querySelector('[data-testid="backend"]')?.textContent ?? ''),
        (t) => t !== 'starting…' && t !== '',
      );
      if (!backend.startsWith('wasm')) throw new Error(`${name}: Auto chose ${backend}, not WebAssembly; this bench compares wasm`);
      sessions.at(-1)!.features = await page.run(wasmFeatures);
      await page.fill('Training images', String(IMAGES));
      await page.fill('Epochs', '1');
      await page.fill('Batch size', String(BATCH));
    }
    // Round-robin, one run per engine per round, so that load from elsewhere on the machine falls on all alike.
    for (let round = 1; round <= RUNS; round++) {
      for (const entry of sessions) {
        entry.speeds.push(await timedRun(entry.session, round));
        console.log(`round ${round}: ${entry.session.version}: ${Math.round(entry.speeds.at(-1)!)} samples/s`);
      }
    }
    pageRows = await benchPageRows(sessions);
  } finally {
    for (const { session } of sessions) await session.close();
    await server.close();
    site.remove();
  }
  console.log(
    `\nSteady-state training speed on WebAssembly (MLP 784-128-64-10 with BN, Adam, batch ${BATCH}; steps ${WARMUP}–${IMAGES / BATCH} of one ${IMAGES}-image epoch; median of ${RUNS} runs, taken in turn):\n`,
  );
  console.log('| Engine | wasm features | samples/s (median) | runs |\n| --- | --- | ---: | --- |');
  for (const { session, features, speeds } of sessions) {
    console.log(
      `| ${session.version} | ${features} | ${Math.round(median(speeds)).toLocaleString('en-US')} | ${speeds.map((x) => Math.round(x).toLocaleString('en-US')).join(', ')} |`,
    );
  }
  console.log(
    `\nThe engine alone (bench page: our training step in a bare worker, batch ${BATCH}, ${WASM_PLAN.timedSteps[BATCH]} timed steps, median of ${WASM_PLAN.rounds}), samples/s:\n`,
  );
  console.log('| Engine | backend | ours, BN | ours, no BN | tfjs model.fit, BN |\n| --- | --- | ---: | ---: | ---: |');
  for (const row of pageRows) console.log(row);
}
