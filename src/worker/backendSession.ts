import type { ImageTensors } from '../engine/dataTensors';
import { defaultExperiment } from '../engine/config';
import { warmUp } from '../engine/warmUp';
import type { BackendWatch } from './backend';
import { compilesGpuPrograms, type BackendInfo, type BackendPreference, type PostEvent } from './protocol';

export interface BackendDeps {
  selectBackend(preferred: BackendPreference): Promise<BackendInfo>;
  /** Watches the backend just selected for the loss of its device (see `watchBackend`). */
  watchBackend(onLost: (reason: string) => void): BackendWatch;
}

/** The TensorFlow.js backend the worker trains on: started once, watched for the loss of its device, started afresh on demand. */
export interface BackendSession {
  /**
   * The backend in use; the first call (after `restart`, the next one) starts `preferred` and posts
   * `backend`. `why`, after a loss: the reason to show as its `fallbackReason` if it has none.
   * `autoReason`: Auto chose `preferred` (by a race), and this says so.
   */
  ready(preferred?: BackendPreference, why?: string, autoReason?: string): Promise<BackendInfo>;
  /** Forgets the backend in use: the next `ready` starts one. */
  restart(): void;
  /** Why the device is gone (e.g. "The GPU context was lost"); null while it works. */
  lostReason(): string | null;
  /** Records the loss of the device; true if it was not known lost before. */
  markLost(reason: string): boolean;
  /** The loss is over (another backend is starting). */
  clearLoss(): void;
  /** Lost as recorded, or as the watch sees it now: a run can meet the loss before the watch's event arrives. */
  isLost(): boolean;
}

/** `onLost`: called by the watch when the device goes (WebGL's `webglcontextlost`). */
export function createBackendSession(post: PostEvent, deps: BackendDeps, onLost: (reason: string) => void): BackendSession {
  let ready: Promise<BackendInfo> | null = null;
  let watch: BackendWatch | null = null;
  let lost: string | null = null;
  return {
    ready(preferred = 'auto', why = '', autoReason = '') {
      ready ??= deps.selectBackend(preferred).then((backend) => {
        watch?.stop();
        watch = deps.watchBackend(onLost);
        let info = why && !backend.fallbackReason ? { ...backend, fallbackReason: why } : backend;
        if (autoReason) info = { ...info, autoReason };
        post({ type: 'backend', backend: info });
        return info;
      });
      return ready;
    },
    restart() {
      ready = null;
    },
    lostReason: () => lost,
    markLost(reason) {
      const first = lost === null;
      lost = reason;
      return first;
    },
    clearLoss() {
      lost = null;
    },
    isLost: () => lost !== null || (watch?.isLost() ?? false),
  };
}

/**
 * Compiles a GPU backend's shader programs now, while the user reads the page, rather than after
 * Train (seconds under software WebGL; wasm and cpu need none), on the uploaded images (`data`),
 * since WebGL compiles per input shape; then posts `backendWarm`. Only a head start: if it fails
 * (a lost context, say), training meets and reports the cause itself. Never rejects.
 */
export async function warmUpGpu(post: PostEvent, backend: BackendInfo, data: { train: ImageTensors; test: ImageTensors } | undefined): Promise<void> {
  if (!compilesGpuPrograms(backend.name)) return;
  await warmUp(defaultExperiment(), data).catch(() => {});
  post({ type: 'backendWarm', backend: backend.name });
}
