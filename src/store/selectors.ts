import { isActiveStatus, type RunRecord } from '../runs/runRecord';
import type { AppState } from './appState';

/** Named selectors: each returns a stored value or a primitive, so components re-render only on change. */
export const selectData = (s: AppState) => s.data;
export const selectDraft = (s: AppState) => s.draft;
export const selectComparison = (s: AppState) => s.comparison;
export const selectRuns = (s: AppState) => s.runs;
export const selectBackend = (s: AppState) => s.backend;
export const selectBackendWarm = (s: AppState) => s.backendWarm;
export const selectBackendRacing = (s: AppState) => s.backendRacing;
export const selectWorkerError = (s: AppState) => s.workerError;
/** Runs halted by a lost GPU context, waiting for Continue on WebAssembly. */
export const selectBackendLoss = (s: AppState) => s.backendLoss;
export const selectBackendPreference = (s: AppState) => s.backendPreference;
export const selectXAxis = (s: AppState) => s.xAxis;
export const selectNotices = (s: AppState) => s.notices;
export const selectSelectedRunId = (s: AppState) => s.selectedRunId;
export const selectPresenter = (s: AppState) => s.presenter;
export const selectHidden = (s: AppState) => s.hidden;
export const selectProbes = (s: AppState) => s.probes;
export const selectInsideView = (s: AppState) => s.insideView;
/** The lesson's chapter and whether its answer shows; null outside a lesson. */
export const selectLesson = (s: AppState) => s.lesson;
export const selectLessonOpen = (s: AppState) => s.lesson !== null;
export const selectLessonRuns = (s: AppState) => s.lessonRuns;
export const selectLessonTrainLimit = (s: AppState) => s.lessonTrainLimit;
export const selectClassBoard = (s: AppState) => s.classBoard;
export const selectFeatureMapsView = (s: AppState) => s.featureMapsView;
/** Trained models kept in the worker, for predictions and the Inside BatchNorm views. */
export const selectModels = (s: AppState) => s.models;
export const selectPredictionRunId = (s: AppState) => s.predictionRunId;
export const selectDataReady = (s: AppState) => s.data.status === 'ready';
/** Some run trains or waits: the form is locked and Train waits. */
export const selectBusy = (s: AppState) => s.runs.some((r) => isActiveStatus(r.status) || r.status === 'queued');
export const selectAnyActive = (s: AppState) => s.runs.some((r) => isActiveStatus(r.status));
export const selectAllPaused = (s: AppState) => {
  const active = s.runs.filter((r) => isActiveStatus(r.status));
  return active.length > 0 && active.every((r) => r.status === 'paused');
};
export const selectAnyStarting = (s: AppState) => s.runs.some((r) => r.status === 'starting');
export const selectQueuedCount = (s: AppState) => s.runs.filter((r) => r.status === 'queued').length;
/** Training images available for validation of the form; before the data arrives, MNIST's 60,000. */
export const selectTrainImages = (s: AppState) => (s.data.status === 'ready' ? s.data.trainCount : 60_000);

/**
 * The runs the status line speaks of: those training now, else the newest run's comparison group
 * (or the newest run alone). Derive with `useMemo` over `selectRuns`.
 */
export function currentRuns(runs: readonly RunRecord[]): RunRecord[] {
  const active = runs.filter((r) => isActiveStatus(r.status));
  if (active.length) return active;
  const newest = runs.filter((r) => r.status !== 'queued').at(-1);
  if (!newest) return [];
  return newest.groupId ? runs.filter((r) => r.groupId === newest.groupId && r.status !== 'queued').slice(-4) : [newest];
}
