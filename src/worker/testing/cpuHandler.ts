import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { BackendInfo, WorkerEvent } from '../protocol';
import { createWorkerHandler, type HandlerDeps } from '../workerHandler';

export const CPU_BACKEND: BackendInfo = { name: 'cpu', detail: 'plain JavaScript', fallbackReason: '' };

/**
 * A worker handler for tests, without a real worker: on the cpu backend, whose context is never
 * lost, with data from `loadData`. It records every event it posts and what each transferred;
 * `all(type)` is the events of one type, in order.
 */
export function cpuHandler(loadData: HandlerDeps['loadData']) {
  const events: WorkerEvent[] = [];
  const transfers: Transferable[][] = [];
  const handle = createWorkerHandler(
    (e, transfer = []) => {
      events.push(e);
      transfers.push(transfer);
    },
    {
      selectBackend: async () => {
        await tf.setBackend('cpu');
        return CPU_BACKEND;
      },
      watchBackend: () => ({ isLost: () => false, stop: () => {} }),
      loadData,
    },
  );
  const all = <T extends WorkerEvent['type']>(type: T) => events.filter((e): e is Extract<WorkerEvent, { type: T }> => e.type === type);
  return { handle, events, transfers, all };
}
