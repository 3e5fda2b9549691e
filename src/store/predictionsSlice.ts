import type { StateCreator } from 'zustand';
import type { DatasetId } from '../engine/config';
import type { PredictImages, WorkerEvent } from '../worker/protocol';
import type { AppState, StoreDeps } from './appState';
import { pendingRequests } from './pendingRequests';

export type PredictionEvent = Extract<WorkerEvent, { type: 'modelKept' | 'modelsDropped' | 'predictions' | 'predictError' }>;

/** The worker's answer to a `predict` request (see the `predictions` event). */
export interface PredictionResult {
  count: number;
  /** `[count * 10]` row-major class probabilities; null when no run was asked. */
  probabilities: Float32Array | null;
  /** `[count * 784]` uint8 test images asked about; null for a drawing. */
  pixels: Uint8Array | null;
  /** `[count]` their labels; null for a drawing. */
  labels: Uint8Array | null;
}

export interface PredictionsSlice {
  /** Runs whose final model the worker keeps (it can predict), with the data each trained on. */
  models: Readonly<Record<string, DatasetId>>;
  /** The run the "Data and predictions" views use; null: the newest run with a model. */
  predictionRunId: string | null;
  selectPredictionRun(id: string | null): void;
  /**
   * Asks the worker about `images`: with `runId`, that run's class probabilities (inference mode);
   * with null, the test images alone. Rejects with an Error whose message is for the user.
   */
  predict(runId: string | null, images: PredictImages): Promise<PredictionResult>;
  onPredictionEvent(event: PredictionEvent): void;
  /** Asks the worker to free the models of runs no longer in the store (deleted, cleared). */
  dropOrphanModels(): void;
  /** The worker was replaced: its models are gone and requests waiting for it fail with `message`. */
  onModelsLost(message: string): void;
}

export const createPredictionsSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], PredictionsSlice> =>
  (set, get) => {
    /** Predictions asked for and not yet answered. */
    const pending = pendingRequests<PredictionResult>();
    const removeModels = (runIds: readonly string[]) =>
      set((s) => {
        const models = { ...s.models };
        runIds.forEach((id) => delete models[id]);
        return { models };
      });
    return {
      models: {},
      predictionRunId: null,
      selectPredictionRun(id) {
        set({ predictionRunId: id });
      },
      predict(runId, images) {
        return pending.ask((requestId) => {
          const transfer = images.kind === 'drawing' ? [images.pixels.buffer] : [];
          deps.client.send({ type: 'predict', requestId, runId, images }, transfer);
        });
      },
      onPredictionEvent(event) {
        switch (event.type) {
          case 'modelKept':
            // A run deleted while it ended: its model has no one to serve.
            if (!get().runs.some((r) => r.id === event.runId)) {
              deps.client.send({ type: 'dropModels', runIds: [event.runId] });
              return;
            }
            set((s) => ({ models: { ...s.models, [event.runId]: event.dataset } }));
            return;
          case 'modelsDropped':
            return removeModels(event.runIds);
          case 'predictions':
            return pending.resolve(event.requestId, {
              count: event.count,
              probabilities: event.probabilities,
              pixels: event.pixels,
              labels: event.labels,
            });
          case 'predictError':
            return pending.reject(event.requestId, event.message);
          default: {
            const unknown: never = event;
            throw new Error(`unhandled ${JSON.stringify(unknown)}`);
          }
        }
      },
      dropOrphanModels() {
        const ids = new Set(get().runs.map((r) => r.id));
        const orphans = Object.keys(get().models).filter((id) => !ids.has(id));
        if (orphans.length === 0) return;
        removeModels(orphans);
        deps.client.send({ type: 'dropModels', runIds: orphans });
      },
      onModelsLost(message) {
        set({ models: {} });
        pending.rejectAll(message);
      },
    };
  };
