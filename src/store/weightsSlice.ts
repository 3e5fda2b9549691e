import type { StateCreator } from 'zustand';
import type { WorkerEvent } from '../worker/protocol';
import type { AppState, StoreDeps } from './appState';
import { pendingRequests } from './pendingRequests';

export type WeightsEvent = Extract<WorkerEvent, { type: 'modelWeights' | 'weightsError' }>;

/** A kept model's variables, as the worker sends them (see engine/modelWeights.ts). */
export interface RunWeights {
  /** Per layer, the shape of each variable. */
  shapes: number[][][];
  /** All variables, flattened and concatenated in that order. */
  values: Float32Array;
}

export interface WeightsSlice {
  /** Asks the worker for `runId`'s kept final model; rejects with an Error whose message is for the user. */
  requestWeights(runId: string): Promise<RunWeights>;
  onWeightsEvent(event: WeightsEvent): void;
  /** The worker was replaced: requests waiting for it fail with `message`. */
  onWeightsLost(message: string): void;
}

/** Saving trained models: a request and its answer, nothing kept in state (the files are made and downloaded at once). */
export const createWeightsSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], WeightsSlice> =>
  () => {
    const pending = pendingRequests<RunWeights>();
    return {
      requestWeights: (runId) => pending.ask((requestId) => deps.client.send({ type: 'modelWeights', requestId, runId })),
      onWeightsEvent(event) {
        switch (event.type) {
          case 'modelWeights':
            return pending.resolve(event.requestId, { shapes: event.shapes, values: event.values });
          case 'weightsError':
            return pending.reject(event.requestId, event.message);
          default: {
            const unknown: never = event;
            throw new Error(`unhandled ${JSON.stringify(unknown)}`);
          }
        }
      },
      onWeightsLost: (message) => pending.rejectAll(message),
    };
  };
