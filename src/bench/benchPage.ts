/**
 * The bench page: no UI, just `window.runBackend`, which the Node runner calls through
 * `page.evaluate`. Each call gets a fresh worker, so each backend starts cold.
 */
import type { BackendResult, BenchPlan, BenchWorkerMessage } from './protocol';

declare global {
  interface Window {
    runBackend(plan: BenchPlan): Promise<BackendResult>;
  }
}

window.runBackend = (plan) =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module', name: `bench-${plan.backend}` });
    const finish = () => worker.terminate();
    worker.addEventListener('message', (e: MessageEvent<BenchWorkerMessage>) => {
      const m = e.data;
      // The runner echoes console output, which is how progress reaches the terminal.
      if (m.type === 'log') console.log(`[bench] ${m.text}`);
      else if (m.type === 'done') {
        finish();
        resolve(m.result);
      } else {
        finish();
        reject(new Error(m.message));
      }
    });
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      finish();
      reject(new Error(e.message || 'bench worker crashed'));
    });
    worker.postMessage(plan);
  });
