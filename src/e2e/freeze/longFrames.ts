import type { BrowserContext, Page } from 'playwright-core';

/**
 * Long animation frames (the Long Animation Frames API, Chromium 123+): every frame over 50 ms
 * from a page's first document on, with the scripts that ran in it, as the page's own
 * `PerformanceObserver` of type `long-animation-frame` saw them.
 */

/** One script that ran in a long frame (PerformanceScriptTiming). Times in ms. */
export interface FrameScript {
  /** What ran it, e.g. "MessagePort.onmessage", "FrameRequestCallback", "Response.json.then". */
  invoker: string;
  invokerType: string;
  /** The script's file (its last path piece) and the function's start in it, as characters from the file's start. */
  file: string;
  functionName: string;
  charPosition: number;
  durationMs: number;
  forcedStyleAndLayoutMs: number;
  /** Where that function comes from in our sources, when the bench could map it (see `attribute`). */
  source?: string;
}

/** One long animation frame. Times in ms from the page's time origin. */
export interface LongFrame {
  startMs: number;
  durationMs: number;
  /** The part of the frame that blocked input (the API's blockingDuration). */
  blockingMs: number;
  /** Time in scripts; in the rendering step's callbacks (requestAnimationFrame, observers); in style, layout and paint. */
  scriptMs: number;
  renderMs: number;
  styleAndLayoutMs: number;
  /** The scripts that ran in it, longest first (at most 5). */
  scripts: FrameScript[];
}

/** Installs the observer in every document of `context` before its own scripts: frames are kept in the page, read with `longFramesSince`. */
export async function observeLongFrames(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const kept: unknown[] = [];
    (window as unknown as { __longFrames: unknown[] }).__longFrames = kept;
    if (!PerformanceObserver.supportedEntryTypes?.includes('long-animation-frame')) return;
    const basename = (url: string) => url.slice(url.lastIndexOf('/') + 1).replace(/[?#].*$/, '');
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as Array<Record<string, unknown> & { scripts: Array<Record<string, unknown>> }>) {
        const start = e.startTime as number;
        const duration = e.duration as number;
        const renderStart = (e.renderStart as number) || start + duration;
        const styleStart = (e.styleAndLayoutStart as number) || start + duration;
        const scripts = e.scripts
          .map((s) => ({
            invoker: String(s.invoker),
            invokerType: String(s.invokerType),
            file: basename(String(s.sourceURL ?? '')),
            functionName: String(s.sourceFunctionName ?? ''),
            charPosition: Number(s.sourceCharPosition ?? -1),
            durationMs: s.duration as number,
            forcedStyleAndLayoutMs: s.forcedStyleAndLayoutDuration as number,
          }))
          .sort((a, b) => b.durationMs - a.durationMs)
          .slice(0, 5);
        kept.push({
          startMs: start,
          durationMs: duration,
          blockingMs: e.blockingDuration as number,
          scriptMs: scripts.length ? e.scripts.reduce((a, s) => a + (s.duration as number), 0) : 0,
          styleAndLayoutMs: Math.max(0, start + duration - styleStart),
          renderMs: Math.max(0, styleStart - renderStart),
          scripts,
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  });
}

/** The long frames `page` saw that started at or after `sinceMs` (page time); null if the browser has no such API. */
export function longFramesSince(page: Page, sinceMs = 0): Promise<LongFrame[] | null> {
  return page.evaluate((since) => {
    if (!PerformanceObserver.supportedEntryTypes?.includes('long-animation-frame')) return null;
    const all = (window as unknown as { __longFrames: LongFrame[] }).__longFrames;
    return all.filter((f) => f.startMs >= since);
  }, sinceMs);
}

/** The longest of `frames` (null when there are none). */
export const worstFrame = (frames: LongFrame[]): LongFrame | null =>
  frames.reduce<LongFrame | null>((w, f) => (!w || f.durationMs > w.durationMs ? f : w), null);

/** A frame in one line: its length, its blocking part, and its longest script with what ran it. */
export function describeFrame(frame: LongFrame | null): string {
  if (!frame) return 'none over 50 ms';
  const s = frame.scripts[0];
  const where = s
    ? `${s.invoker} → ${s.source ?? `${s.functionName || '(anonymous)'} in ${s.file}@${s.charPosition}`} ${s.durationMs.toFixed(0)} ms`
    : 'no script';
  return `${frame.durationMs.toFixed(0)} ms (scripts ${frame.scriptMs.toFixed(0)}, rAF and observers ${frame.renderMs.toFixed(0)}, style and layout ${frame.styleAndLayoutMs.toFixed(0)}; ${where})`;
}
