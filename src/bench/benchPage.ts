/**
 * The bench page: no UI, just `window.runBackend`, which the Node runner calls through
 * `page.evaluate`. Each call gets a fresh worker, so each backend starts cold.
 */
import type { BackendResult, BenchPlan, BenchWorkerMessage } from './protocol';

declare global {
  interface Window {
    runBackend(plan: BenchPlan): Promise<BackendResult>;
    /** Exposed by the runner: records the current worker's heap for this epoch. */
    benchHeap?: (backend: string, epoch: number) => Promise<void>;
  }
}

window.runBackend = (plan) =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module', name: `bench-${plan.backend}` });
    const heapReads: Promise<void>[] = [];
    // Heap reads go to the worker; terminating it first would leave them unanswered.
    const finish = () => Promise.allSettled(heapReads).then(() => worker.terminate());
    worker.addEventListener('message', (e: MessageEvent<BenchWorkerMessage>) => {
      const m = e.data;
      // The runner echoes console output, which is how progress reaches the terminal.
      if (m.type === 'log') console.log(`[bench] ${m.text}`);
      else if (m.type === 'epoch') {
        if (window.benchHeap) heapReads.push(window.benchHeap(plan.backend, m.epoch));
      } else if (m.type === 'done') void finish().then(() => resolve(m.result));
      else void finish().then(() => reject(new Error(m.message)));
    });
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      void finish();
      reject(new Error(e.message || 'bench worker crashed'));
    });
    worker.postMessage(plan);
  });
