import { createStore, type StoreApi } from 'zustand/vanilla';
import { sizeClass } from '../worker/autoRace';
import type { WorkerEvent } from '../worker/protocol';
import type { AppState, StoreDeps } from './appState';
import { createBackendSlice } from './backendSlice';
import { createClassBoardSlice } from './classBoardSlice';
import { createDataSlice } from './dataSlice';
import { parseDraft } from './draft';
import { createLessonSlice } from './lessonSlice';
import { createConvFormSlice } from './convFormSlice';
import { createFeatureMapsSlice } from './featureMapsSlice';
import { createPredictionsSlice } from './predictionsSlice';
import { createProbesSlice } from './probesSlice';
import { createRunListSlice } from './runListSlice';
import { createRunsSlice } from './runsSlice';
import { createSettingsSlice } from './settingsSlice';
import { createViewSlice } from './viewSlice';
import { createWeightsSlice } from './weightsSlice';

export type AppStore = StoreApi<AppState>;

/**
 * The app's state, built from slices and wired to a worker client. A factory, so each test gets
 * a fresh store with a fake client.
 */
export function createAppStore(deps: StoreDeps): AppStore {
  const store = createStore<AppState>()((...a) => ({
    ...createDataSlice(deps)(...a),
    ...createSettingsSlice(deps)(...a),
    ...createConvFormSlice()(...a),
    ...createRunsSlice(deps)(...a),
    ...createRunListSlice(deps)(...a),
    ...createBackendSlice(deps)(...a),
    ...createViewSlice()(...a),
    ...createPredictionsSlice(deps)(...a),
    ...createProbesSlice(deps)(...a),
    ...createLessonSlice(deps)(...a),
    ...createClassBoardSlice()(...a),
    ...createFeatureMapsSlice(deps)(...a),
    ...createWeightsSlice(deps)(...a),
  }));
  deps.client.onEvent((event) => routeEvent(store.getState(), event));
  const expectRun = expectRunSender(deps);
  store.subscribe((s, prev) => {
    // Auto races the backends on the experiment the form holds, once the data is there to train on.
    if (s.data.status === 'ready' && (s.draft !== prev.draft || prev.data.status !== 'ready')) expectRun(s);
    // Another dataset chosen (in the form, a link, a preset): load it, once the first load has begun.
    if (s.draft.dataset !== prev.draft.dataset && s.data.status !== 'idle' && s.draft.dataset !== s.data.dataset) s.loadData();
    // Runs deleted or cleared: the worker frees their models.
    if (s.runs !== prev.runs) s.dropOrphanModels();
    // And their probes go with them.
    if (s.runs !== prev.runs) s.pruneProbes();
  });
  return store;
}

/**
 * Tells the worker the experiment the form holds (`expectRun`) when it is valid and its size class
 * (model and batch size, see `sizeClass`) differs from the one told last: under Auto the worker
 * races the backends on it. Edits that leave the class as it was send nothing.
 */
function expectRunSender(deps: StoreDeps): (s: AppState) => void {
  let told: string | null = null;
  return (s) => {
    const parsed = parseDraft(s.draft, s.data.trainCount);
    if (!parsed.ok) return;
    const key = `${s.data.dataset}|${sizeClass(parsed.config)}`;
    if (key === told) return;
    told = key;
    deps.client.send({ type: 'expectRun', config: parsed.config });
  };
}

function routeEvent(state: AppState, event: WorkerEvent): void {
  switch (event.type) {
    case 'backend':
      return state.onBackend(event.backend);
    case 'backendRacing':
      return state.onBackendRacing(event.backends);
    case 'backendWarm':
      return state.onBackendWarm(event.backend);
    case 'backendLost':
      return state.onBackendLost(event);
    case 'dataProgress':
    case 'dataReady':
    case 'dataError':
      return state.onDataEvent(event);
    case 'runStarted':
    case 'steps':
    case 'epoch':
    case 'learningRate':
    case 'inputStats':
    case 'paused':
    case 'resumed':
    case 'runEnded':
    case 'runFailed':
      return state.onRunEvent(event);
    case 'modelKept':
    case 'modelsDropped':
    case 'predictions':
    case 'predictError':
      return state.onPredictionEvent(event);
    case 'modelWeights':
    case 'weightsError':
      return state.onWeightsEvent(event);
    case 'probe':
    case 'modeDemoResult':
    case 'modeDemoError':
      return state.onProbeEvent(event);
    case 'workedBatchResult':
    case 'workedBatchError':
      return state.onLessonEvent(event);
    case 'featureMapsResult':
    case 'featureMapsError':
      return state.onFeatureMapsEvent(event);
    case 'workerError':
      state.onWorkerError(event.message, event.fatal);
      if (event.fatal) state.onModelsLost(`The training worker crashed: ${event.message}`);
      if (event.fatal) state.onModeDemosLost(`The training worker crashed: ${event.message}`);
      if (event.fatal) state.onWorkedBatchesLost(`The training worker crashed: ${event.message}`);
      if (event.fatal) state.onFeatureMapsLost(`The training worker crashed: ${event.message}`);
      if (event.fatal) state.onWeightsLost(`The training worker crashed: ${event.message}`);
      // A replaced worker starts empty: give it the data again.
      if (event.fatal) state.loadData();
      return;
    default: {
      const unknown: never = event;
      throw new Error(`unhandled event ${JSON.stringify(unknown)}`);
    }
  }
}
