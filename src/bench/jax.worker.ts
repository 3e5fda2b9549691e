/// <reference lib="webworker" />
/**
 * A jax-js trainer in its own worker, started by a bench worker: jax-js keeps one WebAssembly
 * backend per realm and picks its thread pool once, from whether shared memory exists, so the
 * single-threaded and pooled arms need a worker each. Timed the same way as our loop: from the
 * first step to the last step's loss read back.
 */
import type { JaxTrainer } from './jaxMlp';
import type { JaxCommand, JaxReply } from './protocol';

const scope = self as DedicatedWorkerGlobalScope;
const reply = (message: JaxReply) => scope.postMessage(message);
let trainer: JaxTrainer | null = null;

async function handle(command: JaxCommand): Promise<JaxReply> {
  switch (command.type) {
    case 'init': {
      // jax-js starts its pool of navigator.hardwareConcurrency workers when SharedArrayBuffer exists.
      if (!command.pool) Reflect.deleteProperty(globalThis, 'SharedArrayBuffer');
      const pooled = typeof SharedArrayBuffer !== 'undefined' && globalThis.crossOriginIsolated === true;
      // Imported only now: jax-js must not see shared memory in the single-threaded arm.
      const { createJaxTrainer } = await import('./jaxMlp');
      trainer = createJaxTrainer(command.init, command.data, command.batchSize);
      return { type: 'ready', threads: pooled ? navigator.hardwareConcurrency : 1 };
    }
    case 'train':
      if (!trainer) throw new Error('jax worker: train before init');
      return { type: 'trained', ms: await trainer.train(command.steps) };
    default: {
      const unknown: never = command;
      throw new Error(`jax worker: unknown command ${JSON.stringify(unknown)}`);
    }
  }
}

scope.addEventListener('message', (event: MessageEvent<JaxCommand>) => {
  handle(event.data).then(reply, (error: unknown) =>
    reply({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
