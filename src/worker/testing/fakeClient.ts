import type { WorkerClient } from '../client';
import type { WorkerCommand, WorkerEvent } from '../protocol';

/**
 * A worker client for tests: records the commands sent, and `emit` plays an event from the
 * "worker" to whoever subscribed (the store). React tests wrap `emit` in `act`.
 */
export function fakeClient() {
  const sent: WorkerCommand[] = [];
  let listener: ((e: WorkerEvent) => void) | null = null;
  const client: WorkerClient = {
    send: (c) => {
      sent.push(c);
    },
    onEvent: (l) => {
      listener = l;
      return () => {
        listener = null;
      };
    },
    terminate: () => {},
  };
  return { client, sent, emit: (e: WorkerEvent) => listener?.(e) };
}
