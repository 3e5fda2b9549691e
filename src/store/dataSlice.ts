import type { StateCreator } from 'zustand';
import { DEFAULT_DATASET, type DatasetId } from '../engine/config';
import type { WorkerEvent } from '../worker/protocol';
import type { AppState, StoreDeps } from './appState';

export interface DataState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  loadedBytes: number;
  totalBytes: number;
  trainCount: number;
  testCount: number;
  error: string | null;
  /** The data this state is about: the one loading, loaded or failed (MNIST or Fashion-MNIST). */
  dataset: DatasetId;
}

export interface DataSlice {
  data: DataState;
  loadData(): void;
  onDataEvent(event: Extract<WorkerEvent, { type: 'dataProgress' | 'dataReady' | 'dataError' }>): void;
}

const initial: DataState = { status: 'idle', loadedBytes: 0, totalBytes: 0, trainCount: 0, testCount: 0, error: null, dataset: DEFAULT_DATASET };

export const createDataSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], DataSlice> =>
  (set, get) => ({
    data: initial,
    loadData() {
      // The dataset the form asks for.
      const dataset = get().draft.dataset;
      set({ data: { ...initial, status: 'loading', dataset } });
      deps.client.send({ type: 'loadData', baseUrl: deps.baseUrl, dataset });
    },
    onDataEvent(event) {
      // A load superseded by another dataset's still reports; it is not what the page shows.
      if ((event.dataset ?? DEFAULT_DATASET) !== get().data.dataset) return;
      switch (event.type) {
        case 'dataProgress':
          set((s) => ({ data: { ...s.data, loadedBytes: event.loadedBytes, totalBytes: event.totalBytes } }));
          return;
        case 'dataReady':
          set((s) => ({ data: { ...s.data, status: 'ready', trainCount: event.trainCount, testCount: event.testCount } }));
          return;
        case 'dataError':
          set((s) => ({ data: { ...s.data, status: 'error', error: event.message } }));
          return;
        default: {
          const unknown: never = event;
          throw new Error(`unhandled ${JSON.stringify(unknown)}`);
        }
      }
    },
  });
