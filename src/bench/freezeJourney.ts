import type { Browser, Page } from 'playwright-core';
import { serveDist } from '../e2e/harness';
import { longFramesSince, observeLongFrames, worstFrame, type LongFrame } from './longFrames';

/**
 * The journey issue 16 asks to keep free of freezes: from the click on Train through the first
 * 10 s, and around the end of the run (results, predictions, confusion matrix), for one run and
 * for a paired comparison (with and without BatchNorm, side by side).
 */

export type JourneyKind = 'single' | 'paired';

/** Seconds after the click counted as the start of training. */
export const START_WINDOW_MS = 10_000;

export interface JourneyFrames {
  kind: JourneyKind;
  /** Every long frame from the click until the predictions and confusion matrix are shown and 3 s more passed. */
  frames: LongFrame[];
  /** Page time (ms) of the click and of the moment the run(s) were seen finished. */
  clickMs: number;
  endedMs: number;
  /** The longest frame in the first 10 s after the click, and from 1 s before the end on. */
  worstStart: LongFrame | null;
  worstEnd: LongFrame | null;
}

/** Settings of the journey: batch 256 (the issue's), all 60,000 images, `epochs` so the run outlasts the first 10 s here. */
export interface JourneyOptions {
  kind: JourneyKind;
  epochs: number;
  /** Where the built app is (its dist folder). */
  root: string;
  viewport?: { width: number; height: number };
}

/** In the page: whether `count` runs show and all say Finished. */
const finished = (count: number) => {
  const words = [...document.querySelectorAll('[data-testid="run-status"]')].map((e) => e.textContent);
  return words.length === count && words.every((w) => w === 'Finished');
};

/** Opens the app, waits for the data and the backend, and sets the journey's batch size and epochs. */
async function ready(page: Page, url: string, epochs: number): Promise<void> {
  await page.goto(url);
  await page.getByText('MNIST: 60,000 training / 10,000 test images').waitFor({ timeout: 120_000 });
  await page.getByTestId('backend').filter({ hasNotText: 'starting' }).waitFor({ timeout: 60_000 });
  await page.getByTestId('backend-warming').waitFor({ state: 'detached', timeout: 120_000 });
  await page.getByLabel('Batch size', { exact: true }).fill('256');
  await page.getByLabel('Epochs', { exact: true }).fill(String(epochs));
  // Filling the fields scrolled the page down to them; Train is pressed from the top of the page.
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** Runs the journey once in a fresh context of `browser` and returns the long frames it met. */
export async function measureJourney(browser: Browser, options: JourneyOptions): Promise<JourneyFrames> {
  const server = await serveDist({ root: options.root });
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 1000 } });
  try {
    await observeLongFrames(context);
    const page = await context.newPage();
    await ready(page, server.url, options.epochs);
    const runs = options.kind === 'paired' ? 2 : 1;
    const button = options.kind === 'paired' ? page.getByRole('button', { name: 'Train comparison (2 runs)' }) : page.getByRole('button', { name: 'Train', exact: true });
    const clickMs = await page.evaluate(() => performance.now());
    await button.click();
    await page.waitForFunction(finished, runs, { timeout: 600_000, polling: 100 });
    const endedMs = await page.evaluate(() => performance.now());
    await page.getByTestId('confusion-matrix').waitFor({ timeout: 60_000 });
    await page.locator('.prediction-grid').first().waitFor({ timeout: 60_000 });
    await page.waitForTimeout(3000);
    const frames = (await longFramesSince(page, clickMs)) ?? [];
    await (options as unknown as { beforeClose?: (p: Page) => Promise<void> }).beforeClose?.(page);
    return {
      kind: options.kind,
      frames,
      clickMs,
      endedMs,
      worstStart: worstFrame(frames.filter((f) => f.startMs < clickMs + START_WINDOW_MS)),
      worstEnd: worstFrame(frames.filter((f) => f.startMs >= endedMs - 1000)),
    };
  } finally {
    await context.close();
    await server.close();
  }
}
