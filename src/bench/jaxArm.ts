/// <reference lib="webworker" />
import type { MlpData, MlpInit } from './jaxMlp';
import type { JaxCommand, JaxReply } from './protocol';

/** A jax-js trainer in a worker of its own (jax.worker.ts), driven from a bench worker. */
export interface JaxArm {
  /** Workers in its thread pool; 1 when single-threaded. */
  readonly threads: number;
  /** Milliseconds for `steps` training steps, last loss read back. */
  ms(steps: number): Promise<number>;
  close(): void;
}

/** Starts a jax-js worker training the MLP `init` on `data` (copied to it) at `batchSize`; `pool`: with jax-js' thread pool. */
export async function startJaxArm(pool: boolean, init: MlpInit, data: MlpData, batchSize: number): Promise<JaxArm> {
  const worker = new Worker(new URL('./jax.worker.ts', import.meta.url), { type: 'module', name: `jax-${pool ? 'pool' : 'single'}` });
  const ask = (command: JaxCommand) =>
    new Promise<JaxReply>((resolve, reject) => {
      worker.onmessage = (e: MessageEvent<JaxReply>) => (e.data.type === 'failed' ? reject(new Error(e.data.message)) : resolve(e.data));
      worker.onerror = (e) => {
        e.preventDefault();
        reject(new Error(e.message || 'jax worker crashed'));
      };
      worker.postMessage(command);
    });
  try {
    const ready = await ask({ type: 'init', pool, init, data, batchSize });
    if (ready.type !== 'ready') throw new Error(`jax worker answered ${ready.type} to init`);
    return {
      threads: ready.threads,
      async ms(steps) {
        const done = await ask({ type: 'train', steps });
        if (done.type !== 'trained') throw new Error(`jax worker answered ${done.type} to train`);
        return done.ms;
      },
      close: () => worker.terminate(),
    };
  } catch (error) {
    worker.terminate();
    throw error;
  }
}
