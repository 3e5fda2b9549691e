import type { WorkerCommand, WorkerEvent } from './protocol';

/** The main thread's handle on the training worker. */
export interface WorkerClient {
  send(command: WorkerCommand): void;
  /** Subscribes to events; returns the unsubscribe function. */
  onEvent(listener: (event: WorkerEvent) => void): () => void;
  terminate(): void;
}

/**
 * Starts the module worker. A crash inside it (a script error, an out-of-memory kill) arrives as
 * a `workerError` event, so the UI has one path for every failure.
 */
export function createWorkerClient(): WorkerClient {
  const worker = new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module', name: 'trainer' });
  const listeners = new Set<(event: WorkerEvent) => void>();
  const emit = (event: WorkerEvent) => listeners.forEach((l) => l(event));
  worker.addEventListener('message', (e: MessageEvent<WorkerEvent>) => emit(e.data));
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    emit({ type: 'workerError', message: e.message || 'The training worker failed to start or crashed.' });
  });
  worker.addEventListener('messageerror', () =>
    emit({ type: 'workerError', message: 'A message from the training worker could not be read.' }),
  );
  return {
    send: (command) => worker.postMessage(command),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    terminate: () => worker.terminate(),
  };
}
