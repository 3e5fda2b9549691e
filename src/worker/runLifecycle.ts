import { describeError } from '../data/dataError';
import type { ExperimentConfig } from '../engine/config';
import { RunHaltedError } from '../engine/runControl';
import type { Resume } from '../engine/snapshot';
import type { BackendSession } from './backendSession';
import type { LoadedData } from './loadedData';
import type { Predictor } from './predictions';
import type { BackendName, PostEvent } from './protocol';
import { MAX_CONCURRENT_RUNS, type RunRegistry } from './runRegistry';
import { trainRun } from './runTrainer';

const CONTEXT_LOST = 'The GPU context was lost';

/** The parts of the worker a run's life touches (see `createWorkerHandler`). */
export interface WorkerParts {
  post: PostEvent;
  runs: RunRegistry;
  session: BackendSession;
  data: LoadedData;
  predictor: Predictor;
  /** A `recover` under way; new runs wait for it. */
  recovering: Promise<void> | null;
  /** Before a new run starts: Auto's choice for its size class (a race, unless remembered), and backend work under way, done. */
  beforeRun(runId: string, config: ExperimentConfig): Promise<void>;
}

/** The device is gone: halt every run where it stands and say so (again, if a run learns of it late). */
export function backendLost(w: WorkerParts, reason: string): void {
  const first = w.session.markLost(reason);
  w.runs.haltAll();
  const unannounced = w.runs.announce();
  if (!first && unannounced.length === 0) return;
  w.post({ type: 'backendLost', reason, runs: w.runs.halted() });
}

/**
 * Trains `runId` to the end, from the start or (after a lost backend) as `resume` says; posts
 * `runEnded` or `runFailed`, or keeps the run halted (see `backendLost`). Never rejects.
 */
export async function train(
  w: WorkerParts,
  runId: string,
  config: ExperimentConfig,
  resume: Resume | null = null,
  learningRate: number | null = null,
  landscape = false,
): Promise<void> {
  const { post, runs, session } = w;
  if (!resume && (runs.has(runId) || runs.size >= MAX_CONCURRENT_RUNS)) {
    post({ type: 'runFailed', runId, message: `At most ${MAX_CONCURRENT_RUNS} runs can train at once; stop one first.` });
    return;
  }
  const { entry, control, finished } = runs.add(runId, config, resume, learningRate, landscape);
  try {
    if (!resume) await w.recovering;
    if (!resume) await w.beforeRun(runId, config);
    const backend = await session.ready();
    if (session.lostReason() !== null) throw new RunHaltedError();
    const outcome = await trainRun(post, runId, entry, control, { backend, data: w.data, keep: w.predictor.keep }, resume);
    runs.delete(runId);
    post({ type: 'runEnded', runId, outcome });
  } catch (error) {
    if (error instanceof RunHaltedError || session.isLost()) {
      // Kept, without a control, until `recover` continues it or `stop` ends it.
      entry.control = null;
      backendLost(w, session.lostReason() ?? CONTEXT_LOST);
    } else {
      runs.delete(runId);
      post({ type: 'runFailed', runId, message: describeError(error) });
    }
  } finally {
    finished();
  }
}

/** Starts `backend` afresh, uploads the data again and continues every halted run from its snapshot. */
export async function recover(w: WorkerParts, backend: BackendName): Promise<void> {
  const { runs, session, data } = w;
  const why = session.lostReason() ?? '';
  const restarted = (async () => {
    // Wait for the halted loops to return: they free their tensors on the old backend first.
    await runs.settled();
    // Kept models lived on the lost device too.
    w.predictor.dropAll();
    data.dispose();
    session.clearLoss();
    runs.clearAnnounced();
    session.restart();
    await session.ready(backend, why);
    if (data.images()) data.uploaded();
  })();
  w.recovering = restarted.catch(() => {});
  await restarted;
  await Promise.all(
    runs
      .takeHalted()
      .map(([runId, r]) =>
        train(w, runId, r.config, { snapshot: r.snapshot, deliveredStep: r.delivered.step, deliveredMs: r.delivered.elapsedMs }, r.learningRate, r.landscape),
      ),
  );
}

/** Stops a run; a halted one ends where it was halted. */
export async function stop(w: WorkerParts, runId: string): Promise<void> {
  const run = w.runs.get(runId);
  if (!run) return;
  if (run.control && !run.control.isHalted) return run.control.stop();
  await run.done;
  // `recover` may have continued it meanwhile, under a new entry.
  if (w.runs.get(runId) !== run) return;
  w.runs.delete(runId);
  w.post({ type: 'runEnded', runId, outcome: { status: 'stopped', elapsedMs: run.delivered.elapsedMs, steps: run.delivered.step } });
}
