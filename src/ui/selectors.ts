import type { AppState } from '../store/appState';
import { isActive } from '../store/runSlice';

/** Named selectors: each returns a stored value or a primitive, so components re-render only on change. */
export const selectData = (s: AppState) => s.data;
export const selectDraft = (s: AppState) => s.draft;
export const selectRun = (s: AppState) => s.run;
export const selectBackend = (s: AppState) => s.backend;
export const selectWorkerError = (s: AppState) => s.workerError;
export const selectBackendPreference = (s: AppState) => s.backendPreference;
export const selectRunActive = (s: AppState) => isActive(s.run);
/** Training images available for validation of the form; before the data arrives, MNIST's 60,000. */
export const selectTrainImages = (s: AppState) => (s.data.status === 'ready' ? s.data.trainCount : 60_000);
