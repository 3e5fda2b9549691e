import { DataError, describeError } from '../data/dataError';
import { DATASET_SPECS } from '../data/datasets';
import type { ImageSet } from '../data/imageSet';
import type { LoadProgress, DatasetImages } from '../data/loadDataset';
import { DEFAULT_DATASET, datasetOf, defaultExperiment, type DatasetId, type ExperimentConfig } from '../engine/config';
import { disposeImageTensors, makeSplits, uploadImageSet, type ImageTensors } from '../engine/dataTensors';
import { splitsInputStats } from '../engine/inputStats';
import { DEFAULT_INPUT_SCALE, inputScaleFactor } from '../engine/inputScale';
import { RunControl, RunHaltedError } from '../engine/runControl';
import type { Resume, TrainSnapshot } from '../engine/snapshot';
import { PROBE_TIME_SHARE, probeBuffers, probeInterval } from '../engine/probe';
import { runExperiment, stepsPerEpoch } from '../engine/train';
import { warmUp } from '../engine/warmUp';
import type { BackendWatch } from './backend';
import { createModeDemoResponder } from './modeDemoResponder';
import { createPredictor } from './predictions';
import { compilesGpuPrograms, type BackendInfo, type BackendName, type BackendPreference, type HaltedRun, type PostEvent, type WorkerCommand } from './protocol';

export interface HandlerDeps {
  selectBackend(preferred: BackendPreference): Promise<BackendInfo>;
  /** Loads `dataset` (see `loadDataset`); `signal` aborts a load superseded by another. */
  loadData(baseUrl: string, onProgress: (p: LoadProgress) => void, dataset: DatasetId, signal: AbortSignal): Promise<DatasetImages>;
  /** Watches the backend just selected for the loss of its device (see `watchBackend`). */
  watchBackend(onLost: (reason: string) => void): BackendWatch;
}

const CONTEXT_LOST = 'The GPU context was lost';

/** Runs training at once share the worker step by step; more would crawl. */
export const MAX_CONCURRENT_RUNS = 8;

/** A run the worker knows: training (it has a control) or halted by a lost backend (it has none). */
interface RunEntry {
  config: ExperimentConfig;
  control: RunControl | null;
  /** The last snapshot, kept only while the backend can be lost (WebGL). */
  snapshot: TrainSnapshot | null;
  /** The last step delivered, and the training time shown with it. */
  delivered: { step: number; elapsedMs: number };
  /** The last learning rate asked for, applied again if the run continues from an older snapshot. */
  learningRate: number | null;
  /** Settles when the training loop has returned and freed its tensors. */
  done: Promise<void>;
}

/**
 * The worker's behaviour, apart from `self`: takes commands, posts events. Owns the data
 * tensors (uploaded once per backend) and the runs training now, which interleave at each step.
 *
 * On WebGL a run also keeps its last snapshot (read back with each delivery of steps). If the
 * context is lost, every run is halted at once and `backendLost` lists them with the step they
 * reached; `recover` starts another backend and continues them from their snapshots.
 */
export function createWorkerHandler(post: PostEvent, deps: HandlerDeps): (command: WorkerCommand) => Promise<void> {
  let backendReady: Promise<BackendInfo> | null = null;
  let watch: BackendWatch | null = null;
  /** Why the backend is gone; null while it works. */
  let lost: string | null = null;
  let mnist: DatasetImages | null = null;
  /** Which data `mnist` holds (MNIST or Fashion-MNIST). */
  let dataset: DatasetId = DEFAULT_DATASET;
  /** The test images of every dataset loaded so far (7.8 MB each): what predictions show. */
  const testSets = new Map<DatasetId, ImageSet>();
  /** The load under way, aborted when another dataset is asked for. */
  let loading: AbortController | null = null;
  const predictor = createPredictor(post, (d) => testSets.get(d));
  let tensors: { train: ImageTensors; test: ImageTensors } | null = null;
  const runs = new Map<string, RunEntry>();
  /** Runs already listed in a `backendLost` event since the loss. */
  const announced = new Set<string>();
  /** A `recover` under way; new runs wait for it. */
  let recovering: Promise<void> | null = null;

  const ensureBackend = (preferred: BackendPreference = 'auto', why = '') => {
    backendReady ??= deps.selectBackend(preferred).then((backend) => {
      watch?.stop();
      watch = deps.watchBackend(backendLost);
      const info = why && !backend.fallbackReason ? { ...backend, fallbackReason: why } : backend;
      post({ type: 'backend', backend: info });
      return info;
    });
    return backendReady;
  };

  const uploaded = () => {
    if (!mnist) throw new Error('The data is not loaded yet.');
    tensors ??= { train: uploadImageSet(mnist.train), test: uploadImageSet(mnist.test) };
    return tensors;
  };

  /**
   * Compiles a GPU backend's shader programs now, while the user reads the page, rather than
   * after Train (seconds under software WebGL; wasm and cpu need none), on the uploaded images,
   * since WebGL compiles per input shape. Only a head start: if it
   * fails (a lost context, say), training meets and reports the cause itself.
   */
  const warmUpGpu = async (backend: BackendInfo) => {
    if (!compilesGpuPrograms(backend.name)) return;
    await warmUp(defaultExperiment(), mnist ? uploaded() : undefined).catch(() => {});
    post({ type: 'backendWarm', backend: backend.name });
  };

  const answerModeDemo = createModeDemoResponder(post, {
    model: (runId) => predictor.model(runId),
    testSet: () => (mnist ? { dataset, tensors: uploaded().test, labels: mnist.test.labels } : null),
  });

  const disposeData = () => {
    if (!tensors) return;
    disposeImageTensors(tensors.train);
    disposeImageTensors(tensors.test);
    tensors = null;
  };

  const haltedRuns = (): HaltedRun[] => [...runs].map(([runId, r]) => ({ runId, step: r.delivered.step }));

  /** The device is gone: halt every run where it stands and say so (again, if a run learns of it late). */
  function backendLost(reason: string): void {
    const first = lost === null;
    lost = reason;
    runs.forEach((r) => r.control?.halt());
    const unannounced = [...runs.keys()].filter((id) => !announced.has(id));
    if (!first && unannounced.length === 0) return;
    unannounced.forEach((id) => announced.add(id));
    post({ type: 'backendLost', reason, runs: haltedRuns() });
  }

  /**
   * Loads `wanted` in place of the data loaded before (a load under way for another is aborted
   * and says nothing more). Refused while runs train on other data: they hold its tensors.
   */
  async function loadData(baseUrl: string, wanted: DatasetId): Promise<void> {
    if (wanted !== dataset && runs.size > 0) {
      const [from, to] = [DATASET_SPECS[dataset].title, DATASET_SPECS[wanted].title];
      post({ type: 'dataError', dataset: wanted, code: 'unknown', message: `Runs are training on ${from}: stop them before switching to ${to}.` });
      return;
    }
    loading?.abort(new Error('superseded'));
    const controller = new AbortController();
    loading = controller;
    try {
      const data = await deps.loadData(baseUrl, (p) => post({ type: 'dataProgress', ...p, dataset: wanted }), wanted, controller.signal);
      if (controller.signal.aborted) return;
      testSets.set(wanted, data.test);
      // Runs training now use the tensors of the data they started on (the same dataset): keep them.
      if (runs.size === 0) {
        disposeData();
        mnist = data;
        dataset = wanted;
      }
      const backend = await ensureBackend();
      // Upload now, while the user reads the page, so the first step follows the click closely.
      uploaded();
      post({ type: 'dataReady', dataset: wanted, trainCount: data.train.count, testCount: data.test.count });
      await warmUpGpu(backend);
    } catch (error) {
      if (controller.signal.aborted) return;
      post({ type: 'dataError', dataset: wanted, code: error instanceof DataError ? error.code : 'unknown', message: describeError(error) });
    } finally {
      if (loading === controller) loading = null;
    }
  }

  /** Trains `runId` to the end, from the start or (after a lost backend) as `resume` says. */
  async function train(runId: string, config: ExperimentConfig, resume: Resume | null = null, learningRate: number | null = null): Promise<void> {
    if (!resume && (runs.has(runId) || runs.size >= MAX_CONCURRENT_RUNS)) {
      post({ type: 'runFailed', runId, message: `At most ${MAX_CONCURRENT_RUNS} runs can train at once; stop one first.` });
      return;
    }
    const control = new RunControl();
    if (learningRate !== null) control.setLearningRate(learningRate);
    let finished: () => void = () => {};
    const entry: RunEntry = {
      config,
      control,
      snapshot: resume?.snapshot ?? null,
      delivered: resume ? { step: resume.deliveredStep, elapsedMs: resume.deliveredMs } : { step: 0, elapsedMs: 0 },
      learningRate,
      done: new Promise((r) => (finished = r)),
    };
    runs.set(runId, entry);
    try {
      if (!resume) await recovering;
      const backend = await ensureBackend();
      if (lost !== null) throw new RunHaltedError();
      if (datasetOf(config) !== dataset) {
        const [wants, loaded] = [DATASET_SPECS[datasetOf(config)].title, DATASET_SPECS[dataset].title];
        throw new Error(`This run trains on ${wants}, but ${loaded} is loaded: choose ${wants} under Data first.`);
      }
      const { train: trainSet, test } = uploaded();
      const splits = makeSplits(trainSet, test, config.train);
      const perEpoch = stepsPerEpoch(splits.train.count, config.train.batchSize);
      // A run halted before it delivered anything simply starts (again).
      if (resume && resume.deliveredStep > 0) {
        post({ type: 'resumed', runId });
      } else {
        post({ type: 'runStarted', runId, totalSteps: perEpoch * config.train.epochs, stepsPerEpoch: perEpoch, trainCount: splits.train.count });
      }
      // Once per run, from the bytes (cached): lets the page warn when evaluation inputs are scaled unlike training inputs.
      const bytes = mnist;
      if (bytes) post({ type: 'inputStats', runId, stats: splitsInputStats(splits, (s) => (s.source === trainSet ? bytes.train : bytes.test)) });
      const outcome = await runExperiment(
        config,
        splits,
        control,
        {
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
            every: probeInterval(perEpoch * config.train.epochs),
            maxTimeShare: PROBE_TIME_SHARE,
            onProbe: (probe) => post({ type: 'probe', runId, probe }, probeBuffers(probe)),
          },
        },
        resume,
        // A run that ended with usable weights keeps its model for predictions (see `predict`).
        (mlp, outcome) => {
          if (outcome.status !== 'completed' && outcome.status !== 'stopped') return false;
          predictor.keep(runId, mlp, datasetOf(config), inputScaleFactor(config.train.evalScale ?? DEFAULT_INPUT_SCALE));
          return true;
        },
      );
      runs.delete(runId);
      post({ type: 'runEnded', runId, outcome });
    } catch (error) {
      if (error instanceof RunHaltedError || lost !== null || watch?.isLost()) {
        // Kept, without a control, until `recover` continues it or `stop` ends it.
        entry.control = null;
        backendLost(lost ?? CONTEXT_LOST);
      } else {
        runs.delete(runId);
        post({ type: 'runFailed', runId, message: describeError(error) });
      }
    } finally {
      finished();
    }
  }

  /** Starts `backend` afresh, uploads the data again and continues every halted run from its snapshot. */
  async function recover(backend: BackendName): Promise<void> {
    const why = lost ?? '';
    const restarted = (async () => {
      // Wait for the halted loops to return: they free their tensors on the old backend first.
      await Promise.all([...runs.values()].map((r) => r.done));
      // Kept models lived on the lost device too.
      predictor.dropAll();
      disposeData();
      lost = null;
      announced.clear();
      backendReady = null;
      await ensureBackend(backend, why);
      if (mnist) uploaded();
    })();
    recovering = restarted.catch(() => {});
    await restarted;
    const halted = [...runs].filter(([, r]) => r.control === null);
    halted.forEach(([runId]) => runs.delete(runId));
    await Promise.all(
      halted.map(([runId, r]) =>
        train(runId, r.config, { snapshot: r.snapshot, deliveredStep: r.delivered.step, deliveredMs: r.delivered.elapsedMs }, r.learningRate),
      ),
    );
  }

  /** Stops a run; a halted one ends where it was halted. */
  async function stop(runId: string): Promise<void> {
    const run = runs.get(runId);
    if (!run) return;
    if (run.control && !run.control.isHalted) return run.control.stop();
    await run.done;
    // `recover` may have continued it meanwhile, under a new entry.
    if (runs.get(runId) !== run) return;
    runs.delete(runId);
    post({ type: 'runEnded', runId, outcome: { status: 'stopped', elapsedMs: run.delivered.elapsedMs, steps: run.delivered.step } });
  }

  const forRun = (runId: string, act: (control: RunControl) => void) => {
    const control = runs.get(runId)?.control;
    if (control) act(control);
  };

  /** Starts `preference` in place of the backend in use, with the data (if loaded) uploaded and the shaders compiled. */
  async function switchBackend(preference: BackendPreference): Promise<void> {
    disposeData();
    backendReady = null;
    const backend = await ensureBackend(preference);
    if (!mnist) return;
    uploaded();
    await warmUpGpu(backend);
  }

  return async (command) => {
    switch (command.type) {
      case 'init':
        // A lost backend cannot be re-initialised in place: that is what recovering does.
        // After a loss, Auto means the backend that cannot be lost.
        if (lost !== null) return recover(command.backend === 'auto' ? 'wasm' : command.backend);
        return switchBackend(command.backend);
      case 'loadData':
        return loadData(command.baseUrl, command.dataset ?? DEFAULT_DATASET);
      case 'train':
        return train(command.runId, command.config);
      case 'pause':
        return forRun(command.runId, (c) => c.pause());
      case 'resume':
        return forRun(command.runId, (c) => c.resume());
      case 'stop':
        return stop(command.runId);
      case 'setLearningRate': {
        const run = runs.get(command.runId);
        if (run) run.learningRate = command.learningRate;
        return forRun(command.runId, (c) => c.setLearningRate(command.learningRate));
      }
      case 'recover':
        return recover(command.backend);
      case 'predict':
        return predictor.predict(command.requestId, command.runId, command.images);
      case 'dropModels':
        return predictor.drop(command.runIds);
      case 'modeDemo':
        return answerModeDemo(command.requestId, command.runId, command.digit);
      default: {
        const unknown: never = command;
        throw new Error(`unknown command ${JSON.stringify(unknown)}`);
      }
    }
  };
}
