import type { Browser, BrowserContext, Page } from 'playwright-core';
import { join } from 'node:path';
import { serveDist, type StaticServer } from '../e2e/harness';
import { exportRunsJson } from '../share/runsFile';
import { finishedRun, seriesOf } from '../share/testing/runFixture';
import type { FreezeJourney } from './freezeMeasures';
import { clickToFirstStep, chooseBackend, pageLoadTimes, rafGaps, stopTraining, trainingGaps, type FrameGaps, type TrainingGaps } from './pageProbes';
import { APP_DIST, OUT } from './paths';

/** The real app in Chromium: load times, first steps, frame gaps while training and with big charts. */

export interface AppResult {
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
  /** Milliseconds from the data-ready line to Auto's decision (its race, WebGL's first compile included). */
  autoRaceMs: number;
  /** Long animation frames from the click on Train to the end of the run (issue 16), single run and paired comparison. */
  freeze: FreezeJourney[];
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
      epochs: Array.from({ length: 10 }, (_, e) => ({
        epoch: e + 1,
        step: (e + 1) * (steps / 10),
        elapsedMs: (e + 1) * 60_000,
        loss: loss[(e + 1) * (steps / 10) - 1]!,
        accuracy: 0.9,
      })),
      config: { ...run.config, train: { ...run.config.train, epochs: 10 } },
    };
  });
  return exportRunsJson(runs);
}

const APP_VIEWPORT = { width: 1400, height: 1000 };

/**
 * Serves the built app and hands `measure` a fresh page on `browser` (its context and the server
 * too); on failure saves a screenshot as `failureShot` in bench-results/; closes all of it after.
 */
async function onAppPage<T>(
  browser: Browser,
  failureShot: string,
  measure: (page: Page, server: StaticServer, context: BrowserContext) => Promise<T>,
): Promise<T> {
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
export async function measureApp(browser: Browser): Promise<Omit<AppResult, 'webglWarmUpMs' | 'webglFirstStepMs' | 'webglFirstStepDuringWarmUpMs' | 'freeze'>> {
  return onAppPage(browser, 'app-failure.png', async (page, server, context) => {
    const first = await pageLoadTimes(page, server.url);
    // Auto races WebGL against WebAssembly once the data is there; a click meanwhile waits for it.
    const autoRaceMs = await autoDecided(page);
    const autoBackend = `${await page.getByTestId('backend').textContent()} ${(await page.getByTestId('backend-reason').allTextContents()).join('')}`;
    const idle = await rafGaps(page, 3000);
    // All 60,000 images for 100 epochs, so no run ends by itself while it is measured: our wasm
    // kernels train ~75,000 a second here, and 10 epochs ended inside the second 8 s window.
    await page.getByLabel('Training images', { exact: true }).fill('60000');
    await page.getByLabel('Epochs', { exact: true }).fill('100');
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
    await charts
      .locator('input[type=file]')
      .first()
      .setInputFiles({ name: 'runs.json', mimeType: 'application/json', buffer: Buffer.from(json) });
    await charts.waitForFunction(
      () =>
        document.querySelector('#loss-chart')?.getAttribute('data-lines') === '2' &&
        Number(document.querySelector('#loss-chart')?.getAttribute('data-points')) > 0,
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
      autoRaceMs,
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

/** Waits for Auto's decision with measured figures; milliseconds since the data was seen ready. */
async function autoDecided(page: Page): Promise<number> {
  const t0 = Date.now();
  await page.waitForFunction(() => /samples\/s|WebGL2|failed|16-bit/.test(document.querySelector('[data-testid="backend-reason"]')?.textContent ?? ''), null, {
    timeout: 120_000,
    polling: 50,
  });
  return Date.now() - t0;
}

/**
 * The app where WebGL exists only as SwiftShader (software), with Chromium told to use it (the
 * e2e tests' flags): click-to-first-step on WebGL right after choosing it and once the status says
 * its programs are compiled, and frame gaps while training on Auto (wasm) and on WebGL. Here
 * SwiftShader also draws the page itself, on the CPU the training shares.
 */
export async function measureAppOnSwiftShader(
  browser: Browser,
): Promise<Pick<AppResult, 'webglWarmUpMs' | 'webglFirstStepMs' | 'webglFirstStepDuringWarmUpMs' | 'training'>> {
  return onAppPage(browser, 'app-swiftshader-failure.png', async (page, server) => {
    await pageLoadTimes(page, server.url);
    await autoDecided(page);
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
