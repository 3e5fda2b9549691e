import { loadavg } from 'node:os';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureJourney, type JourneyKind } from './freeze/freezeJourney';
import { describeFrame, longFramesSince, observeLongFrames } from './freeze/longFrames';
import { launchChromiumWithoutGpu, serveDist, type StaticServer } from './harness';

// Chromium as a visitor's browser runs without a GPU: the SwiftShader flags of the other tests
// make it draw the page itself in software GL on the CPU the training shares (README, Benchmark).
let server: StaticServer;
let browser: Browser;
beforeAll(async () => {
  server = await serveDist();
  browser = await launchChromiumWithoutGpu();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('no freeze when training starts or ends (issue 16)', () => {
  it('the probe sees a long frame where there is one', async () => {
    const context = await browser.newContext();
    await observeLongFrames(context);
    const page = await context.newPage();
    await page.goto(server.url);
    const t0 = await page.evaluate(() => performance.now());
    // A task of the page's own (a script run by the test's evaluate is no task of the page's event loop).
    await page.evaluate(() =>
      setTimeout(() => {
        const end = performance.now() + 120;
        while (performance.now() < end) {
          // Blocks the main thread, as a freeze would.
        }
      }, 0),
    );
    await page.waitForTimeout(500);
    const frames = (await longFramesSince(page, t0)) ?? [];
    expect(Math.max(0, ...frames.map((f) => f.durationMs))).toBeGreaterThanOrEqual(120);
    await context.close();
  });

  // A second try only where the first met a long frame: a burst of other work on a shared machine
  // stretches frames, while a freeze of the page's own comes back every time.
  for (const kind of ['single', 'paired'] as JourneyKind[]) {
    it(
      `${kind === 'single' ? 'one run' : 'a paired comparison'}: no long animation frame over 50 ms from the click on Train to after the end`,
      { retry: 1 },
      async () => {
        const journey = await measureJourney(browser, { kind, url: server.url, epochs: 2 });
        const seen = journey.frames.map((f) => `+${(f.startMs - journey.clickMs).toFixed(0)} ms: ${describeFrame(f)}`);
        console.log(
          `${kind}: run of ${((journey.endedMs - journey.clickMs) / 1000).toFixed(1)} s, ${journey.frames.length} long frames${seen.length ? `\n${seen.join('\n')}` : ''}`,
        );
        expect(
          seen,
          `long frames (load average on this machine: ${loadavg()
            .map((l) => l.toFixed(1))
            .join(', ')})`,
        ).toEqual([]);
      },
    );
  }
});
