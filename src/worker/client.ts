import type { BackendPreference, WorkerCommand, WorkerEvent } from './protocol';

/** The main thread's handle on the training worker. */
export interface WorkerClient {
  /** `transfer`: buffers to move to the worker rather than copy (they are unusable here afterwards). */
  send(command: WorkerCommand, transfer?: Transferable[]): void;
  /** Subscribes to events; returns the unsubscribe function. */
  onEvent(listener: (event: WorkerEvent) => void): () => void;
  terminate(): void;
}

/**
 * Starts the module worker. When it crashes (an uncaught error, a failed start) the client
 * replaces it with a fresh one on the same backend and reports a fatal `workerError`, so the
 * page keeps working without a reload; the store then reloads the data into the new worker.
 */
export function createWorkerClient(): WorkerClient {
  const listeners = new Set<(event: WorkerEvent) => void>();
  const emit = (event: WorkerEvent) => listeners.forEach((l) => l(event));
  let backend: BackendPreference | null = null;
  let worker = start();

  function start(): Worker {
    const w = new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module', name: 'trainer' });
    w.addEventListener('message', (e: MessageEvent<WorkerEvent>) => emit(e.data));
    w.addEventListener('error', (e) => {
      e.preventDefault();
      w.terminate();
      worker = start();
      if (backend) worker.postMessage({ type: 'init', backend } satisfies WorkerCommand);
      emit({ type: 'workerError', fatal: true, message: e.message || 'The training worker failed to start or crashed.' });
    });
    w.addEventListener('messageerror', () => emit({ type: 'workerError', fatal: false, message: 'A message from the training worker could not be read.' }));
    return w;
  }

  return {
    send(command, transfer = []) {
      if (command.type === 'init') backend = command.backend;
      worker.postMessage(command, transfer);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    terminate: () => worker.terminate(),
  };
}
