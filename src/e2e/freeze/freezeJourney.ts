import type { Browser, Page } from 'playwright-core';
import { longFramesSince, observeLongFrames, worstFrame, type LongFrame } from './longFrames';
import { mainThreadTasks, TRACE_CATEGORIES, type TaskTimes } from './mainThreadTasks';

/**
 * The journey issue 16 asks to keep free of freezes, in the built app: from the click on Train
 * through the first 10 s, and around the end of the run (results, predictions, confusion matrix),
 * for one run (Train, from the top of the page) and for a paired comparison (with and without
 * BatchNorm side by side; its button is in the Compare panel, so the page is scrolled there and
 * Inside BatchNorm is in view). Batch 256, all 60,000 images, Auto backend.
 */

export type JourneyKind = 'single' | 'paired';

/** Milliseconds after the click counted as the start of training. */
export const START_WINDOW_MS = 10_000;
/** Milliseconds before the runs were seen finished from which frames count as the end. */
const END_LEAD_MS = 1000;
/** Milliseconds watched after the predictions and the confusion matrix are shown. */
const SETTLE_MS = 3000;

export interface JourneyOptions {
  kind: JourneyKind;
  /** The built app, served. */
  url: string;
  /** So the run outlasts the first 10 s on a fast machine and ends within a minute or so on a slow one. */
  epochs: number;
  /** Also record a trace, for the main thread's CPU time per task (load on the machine stretches frames, not CPU time). */
  cpu?: boolean;
  viewport?: { width: number; height: number };
}

export interface JourneyResult {
  kind: JourneyKind;
  /** Every long frame from the click until the end was watched; times in ms from the page's origin. */
  frames: LongFrame[];
  clickMs: number;
  /** When all runs were seen finished. */
  endedMs: number;
  /** The longest frame in the first 10 s after the click, and around the end. */
  worstStart: LongFrame | null;
  worstEnd: LongFrame | null;
  /** The main thread's tasks over the same time, if `cpu` was asked for. */
  tasks: TaskTimes | null;
}

/** In the page: whether `count` runs show and all say Finished. */
const finished = (count: number) => {
  const words = [...document.querySelectorAll('[data-testid="run-status"]')].map((e) => e.textContent);
  return words.length === count && words.every((w) => w === 'Finished');
};

/** Auto has decided (by a race, or without one where WebGL is missing) and nothing is compiling. */
const backendSettled = () => {
  const reason = document.querySelector('[data-testid="backend-reason"]')?.textContent ?? '';
  const busy = document.querySelector('[data-testid="backend-racing"], [data-testid="backend-warming"]');
  return !busy && /samples\/s|WebGL2|failed|16-bit/.test(reason);
};

/** Opens the app with the journey's settings typed in, once its data is loaded and Auto has chosen. */
async function ready(page: Page, url: string, epochs: number): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Batch size', { exact: true }).fill('256');
  await page.getByLabel('Epochs', { exact: true }).fill(String(epochs));
  await page.getByText('MNIST: 60,000 training / 10,000 test images').waitFor({ timeout: 120_000 });
  await page.waitForFunction(backendSettled, null, { timeout: 120_000, polling: 200 });
  // Typing scrolled the page down to the fields; the single run is started from the top.
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** Brings the button into view as a user would scroll to it, then presses it with the mouse (no page scripts of the test's own at that moment). */
async function press(page: Page, name: string): Promise<void> {
  const button = page.getByRole('button', { name, exact: true });
  await button.scrollIntoViewIfNeeded();
  const box = await button.boundingBox();
  if (!box) throw new Error(`no ${name} button on screen`);
  // Let what the scroll brought into view settle before the journey starts.
  await page.waitForTimeout(1000);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

/** Runs the journey once in a fresh context of `browser` and returns the long frames it met. */
export async function measureJourney(browser: Browser, options: JourneyOptions): Promise<JourneyResult> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 1000 } });
  try {
    await observeLongFrames(context);
    const page = await context.newPage();
    await ready(page, options.url, options.epochs);
    const runs = options.kind === 'paired' ? 2 : 1;
    if (options.cpu) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    const clickMs = await page.evaluate(() => performance.now());
    await press(page, options.kind === 'paired' ? 'Train comparison (2 runs)' : 'Train');
    await page.waitForFunction(finished, runs, { timeout: 600_000, polling: 100 });
    const endedMs = await page.evaluate(() => performance.now());
    await page.getByTestId('confusion-matrix').waitFor({ state: 'attached', timeout: 60_000 });
    await page.locator('.prediction-grid').first().waitFor({ state: 'attached', timeout: 60_000 });
    await page.waitForTimeout(SETTLE_MS);
    const tasks = options.cpu ? mainThreadTasks(await browser.stopTracing()) : null;
    const frames = await longFramesSince(page, clickMs);
    if (!frames) throw new Error('this browser has no Long Animation Frames API (PerformanceObserver type long-animation-frame)');
    return {
      kind: options.kind,
      frames,
      clickMs,
      endedMs,
      worstStart: worstFrame(frames.filter((f) => f.startMs < clickMs + START_WINDOW_MS)),
      worstEnd: worstFrame(frames.filter((f) => f.startMs >= endedMs - END_LEAD_MS)),
      tasks,
    };
  } finally {
    await context.close();
  }
}
