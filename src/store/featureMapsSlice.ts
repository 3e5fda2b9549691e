import type { StateCreator } from 'zustand';
import type { FeatureMaps } from '../engine/featureMaps';
import type { WorkerEvent } from '../worker/protocol';
import type { AppState, StoreDeps } from './appState';
import { pendingRequests } from './pendingRequests';

export type FeatureMapsEvent = Extract<WorkerEvent, { type: 'featureMapsResult' | 'featureMapsError' }>;

/** The worker's answer to a `featureMaps` request: a test image through a run's final model. */
export interface FeatureMapsAnswer {
  /** The test image (0-based) and its class. */
  image: number;
  label: number;
  /** `[784]` uint8 the image's pixels, row-major 28×28. */
  pixels: Uint8Array;
  maps: FeatureMaps;
}

/** What "Inside a convnet" looks at. */
export interface FeatureMapsView {
  /** The run; null: the newest convnet run whose final model the worker keeps. */
  runId: string | null;
  /** 0-based test image. */
  image: number;
}

export interface FeatureMapsSlice {
  featureMapsView: FeatureMapsView;
  setFeatureMapsView(patch: Partial<FeatureMapsView>): void;
  /**
   * Asks the worker for test image `image` through `runId`'s final model (inference mode): its
   * feature maps, first filters and probabilities. Rejects with an Error whose message is for the user.
   */
  askFeatureMaps(runId: string, image: number): Promise<FeatureMapsAnswer>;
  onFeatureMapsEvent(event: FeatureMapsEvent): void;
  /** The worker was replaced: requests waiting for it fail with `message`. */
  onFeatureMapsLost(message: string): void;
}

export const createFeatureMapsSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], FeatureMapsSlice> =>
  (set) => {
    /** Requests asked for and not yet answered. */
    const pending = pendingRequests<FeatureMapsAnswer>();
    return {
      featureMapsView: { runId: null, image: 0 },
      setFeatureMapsView(patch) {
        set((s) => ({ featureMapsView: { ...s.featureMapsView, ...patch } }));
      },
      askFeatureMaps(runId, image) {
        return pending.ask((requestId) => deps.client.send({ type: 'featureMaps', requestId, runId, image }));
      },
      onFeatureMapsEvent(event) {
        switch (event.type) {
          case 'featureMapsResult':
            return pending.resolve(event.requestId, { image: event.image, label: event.label, pixels: event.pixels, maps: event.maps });
          case 'featureMapsError':
            return pending.reject(event.requestId, event.message);
          default: {
            const unknown: never = event;
            throw new Error(`unhandled ${JSON.stringify(unknown)}`);
          }
        }
      },
      onFeatureMapsLost(message) {
        pending.rejectAll(message);
      },
    };
  };
