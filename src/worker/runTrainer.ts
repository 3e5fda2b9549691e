import { DATASET_SPECS } from '../data/datasets';
import { datasetOf, type ExperimentConfig } from '../engine/config';
import { makeSplits } from '../engine/dataTensors';
import { splitsInputStats } from '../engine/inputStats';
import { DEFAULT_INPUT_SCALE, inputScaleFactor } from '../engine/inputScale';
import { PROBE_TIME_SHARE, probeBuffers, probeInterval } from '../engine/probe';
import { LANDSCAPE_TIME_SHARE, landscapeInterval } from '../engine/probeTaker';
import type { RunControl } from '../engine/runControl';
import type { Resume, TrainSnapshot } from '../engine/snapshot';
import { runExperiment, stepsPerEpoch, type TrainEvents, type TrainOutcome } from '../engine/train';
import type { LoadedData } from './loadedData';
import type { Predictor } from './predictions';
import type { BackendInfo, PostEvent } from './protocol';
import type { RunEntry } from './runRegistry';

export interface TrainContext {
  backend: BackendInfo;
  data: LoadedData;
  /** Keeps a run's final model for predictions. */
  keep: Predictor['keep'];
}

/**
 * Trains one run to the end on the data loaded now, from the start or as `resume` says, posting
 * `runStarted` (or `resumed`), `inputStats` and the run's events as they come; records each delivered
 * step (and, on WebGL, each snapshot) in `entry`. A run that ends with usable weights keeps its model.
 * @throws what training throws (`RunHaltedError` when the backend is lost), or an Error for a user
 *   when the run wants a dataset other than the one loaded.
 */
export async function trainRun(
  post: PostEvent,
  runId: string,
  entry: RunEntry,
  control: RunControl,
  ctx: TrainContext,
  resume: Resume | null,
): Promise<TrainOutcome> {
  const { config } = entry;
  checkDataset(config, ctx.data);
  const { train: trainSet, test } = ctx.data.uploaded();
  const splits = makeSplits(trainSet, test, config.train);
  const perEpoch = stepsPerEpoch(splits.train.count, config.train.batchSize);
  // A run halted before it delivered anything simply starts (again).
  if (resume && resume.deliveredStep > 0) {
    post({ type: 'resumed', runId });
  } else {
    post({ type: 'runStarted', runId, totalSteps: perEpoch * config.train.epochs, stepsPerEpoch: perEpoch, trainCount: splits.train.count });
  }
  // Once per run, from the bytes (cached): lets the page warn when evaluation inputs are scaled unlike training inputs.
  const bytes = ctx.data.images();
  if (bytes) post({ type: 'inputStats', runId, stats: splitsInputStats(splits, (s) => (s.source === trainSet ? bytes.train : bytes.test)) });
  const events = runEvents(post, runId, entry, ctx.backend, perEpoch * config.train.epochs);
  return runExperiment(config, splits, control, events, resume, (net, outcome) => {
    if (outcome.status !== 'completed' && outcome.status !== 'stopped') return false;
    ctx.keep(runId, net, datasetOf(config), inputScaleFactor(config.train.evalScale ?? DEFAULT_INPUT_SCALE));
    return true;
  });
}

function checkDataset(config: ExperimentConfig, data: LoadedData): void {
  if (datasetOf(config) === data.dataset()) return;
  const [wants, loaded] = [DATASET_SPECS[datasetOf(config)].title, DATASET_SPECS[data.dataset()].title];
  throw new Error(`This run trains on ${wants}, but ${loaded} is loaded: choose ${wants} under Data first.`);
}

/** The training loop's callbacks for one run: each posts its event, tagged with `runId`. */
function runEvents(post: PostEvent, runId: string, entry: RunEntry, backend: BackendInfo, totalSteps: number): TrainEvents {
  return {
    onSteps: (points, progress) => {
      entry.delivered = { step: progress.step, elapsedMs: progress.elapsedMs };
      post({ type: 'steps', runId, ...points, progress }, [points.loss.buffer, points.accuracy.buffer]);
    },
    onEpoch: (point) => post({ type: 'epoch', runId, point }),
    onLearningRate: (step, lr) => post({ type: 'learningRate', runId, step, learningRate: lr }),
    onPaused: () => post({ type: 'paused', runId }),
    onResumed: () => post({ type: 'resumed', runId }),
    // Only WebGL can be lost; elsewhere a snapshot would cost a read-back for nothing.
    ...(backend.name === 'webgl' ? { onSnapshot: (s: TrainSnapshot) => (entry.snapshot = s) } : {}),
    probes: {
      every: probeInterval(totalSteps),
      maxTimeShare: PROBE_TIME_SHARE,
      ...(entry.landscape ? { landscape: { every: landscapeInterval(totalSteps), maxTimeShare: LANDSCAPE_TIME_SHARE } } : {}),
      onProbe: (probe) => post({ type: 'probe', runId, probe }, probeBuffers(probe)),
    },
  };
}
