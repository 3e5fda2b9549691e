import type { StateCreator } from 'zustand';
import type { WorkerEvent } from '../worker/protocol';
import type { AppState, StoreDeps } from './appState';

export interface DataState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  loadedBytes: number;
  totalBytes: number;
  trainCount: number;
  testCount: number;
  error: string | null;
}

export interface DataSlice {
  data: DataState;
  loadData(): void;
  onDataEvent(event: Extract<WorkerEvent, { type: 'dataProgress' | 'dataReady' | 'dataError' }>): void;
}

const initial: DataState = { status: 'idle', loadedBytes: 0, totalBytes: 0, trainCount: 0, testCount: 0, error: null };

export const createDataSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], DataSlice> =>
  (set) => ({
    data: initial,
    loadData() {
      set({ data: { ...initial, status: 'loading' } });
      deps.client.send({ type: 'loadData', baseUrl: deps.baseUrl });
    },
    onDataEvent(event) {
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
