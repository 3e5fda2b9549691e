import type { Page } from 'playwright-core';

/** What the bench reads from a page: the worker's heap, frame gaps, the steps shown, load times. */

/**
 * Reads a worker's V8 heap after a forced GC over CDP: workers have no `performance.memory`.
 * Non-flat auto-attach, so it coexists with Playwright's own session on the worker.
 */
export async function workerHeapProbe(page: Page): Promise<() => Promise<number | null>> {
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

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Longest gap between animation frames on the main thread over `ms`, frames seen, and gaps over 50 ms. */
export function rafGaps(page: Page, ms: number): Promise<{ maxGapMs: number; frames: number; longGaps: number }> {
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

export interface FrameGaps {
  maxGapMs: number;
  frames: number;
  longGaps: number;
}

/** Frame gaps while training with live charts, in one browser set-up, and the speed meanwhile. */
export interface TrainingGaps extends FrameGaps {
  /** What was measured: backend, browser set-up, what was on screen. */
  label: string;
  samplesPerS: number;
}

const stepShown = () => Number(document.querySelector('[data-testid="step"]')?.textContent?.replace(/\D/g, '') || 0);

/** Clicks Train in the page and resolves with the milliseconds until a first step is shown (measured in the page). */
export function clickToFirstStep(page: Page): Promise<number> {
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
export async function stopTraining(page: Page): Promise<void> {
  await page.evaluate(() => [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Stop')?.click());
  await page.waitForFunction(() => [...document.querySelectorAll('button')].some((b) => b.textContent?.trim() === 'Train' && !b.disabled), null, {
    timeout: 60_000,
  });
}

/** From navigation start: the Train button in the page, and the data-loaded line. */
export async function pageLoadTimes(page: Page, url: string): Promise<{ interactiveMs: number; dataReadyMs: number }> {
  await page.goto(url, { waitUntil: 'commit' });
  await page.getByRole('button', { name: 'Train', exact: true }).waitFor({ timeout: 60_000 });
  const interactiveMs = await page.evaluate(() => performance.now());
  await page.getByText('MNIST: 60,000 training / 10,000 test images').waitFor({ timeout: 120_000 });
  const dataReadyMs = await page.evaluate(() => performance.now());
  return { interactiveMs, dataReadyMs };
}

/** 8 s of training with live charts: the frame gaps, and the samples/s meanwhile (the app's default batch size is the tutorial's 32). */
export async function trainingGaps(page: Page, label: string): Promise<TrainingGaps> {
  await page.waitForFunction(stepShown, null, { timeout: 60_000 });
  const before = await page.evaluate(stepShown);
  const t0 = Date.now();
  const gaps = await rafGaps(page, 8000);
  const steps = (await page.evaluate(stepShown)) - before;
  return { label, ...gaps, samplesPerS: (steps * 32) / ((Date.now() - t0) / 1000) };
}

/** Chooses `backend` and waits for the status line to show it. */
export async function chooseBackend(page: Page, backend: string): Promise<void> {
  await page.getByLabel('Backend').selectOption(backend);
  await page.waitForFunction((b) => document.querySelector('[data-testid="backend"]')?.textContent?.startsWith(b), backend, { timeout: 60_000 });
}
