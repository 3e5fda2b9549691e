import type { Browser } from 'playwright-core';
import { measureJourney, type JourneyKind } from '../e2e/freeze/freezeJourney';
import { describeFrame, worstFrame, type LongFrame } from '../e2e/freeze/longFrames';
import type { TaskTimes } from '../e2e/freeze/mainThreadTasks';
import { serveDist } from '../e2e/harness';
import { APP_DIST, APP_MAPS } from './paths';
import { sourceAttributor } from './sourceMaps';

/** One journey (see freezeJourney.ts) as the bench reports it. */
export interface FreezeJourney {
  kind: JourneyKind;
  /** Long animation frames (over 50 ms) from the click to 3 s after the end. */
  longFrames: number;
  worstMs: number;
  worstStartMs: number;
  worstEndMs: number;
  /** The worst frame in one line, its longest script named in our sources where the maps allow. */
  worst: string;
  /** Seconds from the click until the runs were seen finished. */
  runSeconds: number;
  /** The main thread's tasks meanwhile: CPU time separates the page's own work from waiting for a core. */
  tasks: TaskTimes | null;
}

/** Epochs of the journeys: batch 256 on all 60,000 images, so a single run outlasts the first 10 s where wasm trains ~18,000 samples/s. */
export const JOURNEY_EPOCHS = 3;

/**
 * The freeze journeys in Chromium without a GPU, single run then paired comparison, `repeats`
 * times each, alternating; each frame's longest script named in our sources.
 */
export async function measureFreeze(browser: Browser, repeats = 1): Promise<FreezeJourney[]> {
  const server = await serveDist({ root: APP_DIST });
  const attribute = sourceAttributor(APP_MAPS, APP_DIST);
  const named = (frame: LongFrame | null) => {
    for (const s of frame?.scripts ?? []) s.source = attribute(s.file, s.charPosition) ?? undefined;
    return frame;
  };
  const out: FreezeJourney[] = [];
  try {
    for (let r = 0; r < repeats; r++) {
      for (const kind of ['single', 'paired'] as const) {
        console.log(`bench: freeze journey ${kind} (${r + 1}/${repeats})`);
        const j = await measureJourney(browser, { kind, url: server.url, epochs: JOURNEY_EPOCHS, cpu: true });
        const worst = named(worstFrame(j.frames));
        out.push({
          kind,
          longFrames: j.frames.length,
          worstMs: worst?.durationMs ?? 0,
          worstStartMs: j.worstStart?.durationMs ?? 0,
          worstEndMs: j.worstEnd?.durationMs ?? 0,
          worst: describeFrame(worst),
          runSeconds: (j.endedMs - j.clickMs) / 1000,
          tasks: j.tasks,
        });
        console.log(`bench: freeze ${kind}: ${j.frames.length} long frames; worst ${describeFrame(worst)}`);
      }
    }
  } finally {
    await server.close();
  }
  return out;
}
