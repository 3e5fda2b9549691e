import type { DatasetImages, LoadProgress } from '../data/loadDataset';
import { DEFAULT_DATASET, type DatasetId } from '../engine/config';
import type { RunControl } from '../engine/runControl';
import type { AutoDeps } from './autoChooser';
import { createBackendSession, type BackendDeps } from './backendSession';
import { createBackendWork } from './backendWork';
import { createDataLoader } from './dataLoader';
import { createFeatureMapsResponder } from './featureMapsResponder';
import { createLoadedData } from './loadedData';
import { createModeDemoResponder } from './modeDemoResponder';
import { createPredictor } from './predictions';
import type { BackendName, PostEvent, WorkerCommand } from './protocol';
import { backendLost, recover, stop, train, type WorkerParts } from './runLifecycle';
import { createRunRegistry } from './runRegistry';
import { createWorkedBatchResponder } from './workedBatchResponder';

export interface HandlerDeps extends BackendDeps {
  /** Loads `dataset` (see `loadDataset`); `signal` aborts a load superseded by another. */
  loadData(baseUrl: string, onProgress: (p: LoadProgress) => void, dataset: DatasetId, signal: AbortSignal): Promise<DatasetImages>;
  /** Auto's race (see autoChooser.ts); without it Auto keeps the choice made from the WebGL renderer. */
  auto?: AutoDeps;
}

/**
 * The worker's behaviour, apart from `self`: takes commands, posts events. Its parts, each in its
 * own module: the backend session, the loaded data (its tensors uploaded once per backend), the
 * runs training now (which interleave at each step; their life in runLifecycle.ts), the kept
 * models (predictions) and the mode demonstration.
 *
 * On WebGL a run also keeps its last snapshot (read back with each delivery of steps). If the
 * context is lost, every run is halted at once and `backendLost` lists them with the step they
 * reached; `recover` starts another backend and continues them from their snapshots.
 */
export function createWorkerHandler(post: PostEvent, deps: HandlerDeps): (command: WorkerCommand) => Promise<void> {
  const data = createLoadedData();
  const w: WorkerParts = {
    post,
    runs: createRunRegistry(),
    session: createBackendSession(post, deps, (reason) => backendLost(w, reason)),
    data,
    predictor: createPredictor(post, (d) => data.testImages(d)),
    recovering: null,
    beforeRun: (runId, config) => work.beforeRun(runId, config),
  };
  const { runs, session, predictor } = w;
  const work = createBackendWork(w, deps.auto);
  const answerModeDemo = createModeDemoResponder(post, { model: (runId) => predictor.model(runId), testSet: () => data.testSet() });
  const answerWorkedBatch = createWorkedBatchResponder(post, {
    model: (runId) => predictor.model(runId),
    testSet: () => data.testSet(),
    testImages: () => data.images()?.test ?? null,
  });
  const answerFeatureMaps = createFeatureMapsResponder(post, { model: (runId) => predictor.model(runId), testImages: (d) => data.testImages(d) });
  const loadData = createDataLoader(post, data, { load: deps.loadData, training: () => runs.size > 0, backend: () => session.ready(), prepare: work.prepare });

  /** Continues the halted runs on `backend`; Auto's race stays off until Auto is asked for again (it could pick the lost WebGL back). */
  const recoverOn = (backend: BackendName) => {
    work.settledOn(backend);
    return recover(w, backend);
  };

  const forRun = (runId: string, act: (control: RunControl) => void) => {
    const control = runs.control(runId);
    if (control) act(control);
  };

  return async (command) => {
    switch (command.type) {
      case 'init':
        // A lost backend cannot be re-initialised in place: that is what recovering does.
        // After a loss, Auto means the backend that cannot be lost.
        if (session.lostReason() !== null) return recoverOn(command.backend === 'auto' ? 'wasm' : command.backend);
        return work.switchTo(command.backend);
      case 'expectRun':
        return work.expect(command.config);
      case 'loadData':
        return loadData(command.baseUrl, command.dataset ?? DEFAULT_DATASET);
      case 'train':
        return train(w, command.runId, command.config, null, null, command.landscape ?? false);
      case 'pause':
        return forRun(command.runId, (c) => c.pause());
      case 'resume':
        return forRun(command.runId, (c) => c.resume());
      case 'stop':
        return stop(w, command.runId);
      case 'setLearningRate': {
        const run = runs.get(command.runId);
        if (run) run.learningRate = command.learningRate;
        return forRun(command.runId, (c) => c.setLearningRate(command.learningRate));
      }
      case 'recover':
        return recoverOn(command.backend);
      case 'predict':
        return predictor.predict(command.requestId, command.runId, command.images);
      case 'modelWeights':
        return predictor.weights(command.requestId, command.runId);
      case 'dropModels':
        return predictor.drop(command.runIds);
      case 'modeDemo':
        return answerModeDemo(command.requestId, command.runId, command.digit);
      case 'workedBatch':
        return answerWorkedBatch(command);
      case 'featureMaps':
        return answerFeatureMaps(command.requestId, command.runId, command.image);
      default: {
        const unknown: never = command;
        throw new Error(`unknown command ${JSON.stringify(unknown)}`);
      }
    }
  };
}
