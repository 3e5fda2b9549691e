import { expect, it } from 'vitest';
import { defaultExperiment } from './config';
import { makeSplits } from './dataTensors';
import { RunControl } from './runControl';
import { useRealMnistOnWasm } from './testing/realMnistOnWasm';
import { runExperiment, type EpochPoint } from './train';

/**
 * The seed tutorial's experiment on the real data: BN after each hidden layer, batch 32, Adam
 * 1e-3, one epoch, the 10,000 test images as validation. Keras logged val_accuracy 0.9658.
 * On the wasm backend this is about 1,875 steps of ~7 ms.
 */
const mnist = useRealMnistOnWasm();

it('the tutorial configuration reaches validation accuracy ≥ 0.96 after one epoch of real MNIST', async () => {
  const config = defaultExperiment();
  config.train.epochs = 1;
  const epochs: EpochPoint[] = [];
  let steps = 0;
  const outcome = await runExperiment(config, makeSplits(mnist.train, mnist.test, config.train), new RunControl(), {
    onSteps: (p) => {
      steps += p.loss.length;
    },
    onEpoch: (e) => epochs.push(e),
    onLearningRate: () => {},
    onPaused: () => {},
    onResumed: () => {},
  });
  expect(outcome.status).toBe('completed');
  expect(steps).toBe(1875);
  const validation = epochs[0]!;
  console.log(
    `tutorial, 1 epoch, wasm: val_accuracy ${validation.accuracy.toFixed(4)} val_loss ${validation.loss.toFixed(4)} in ${(validation.elapsedMs / 1000).toFixed(1)} s`,
  );
  expect(validation.accuracy).toBeGreaterThanOrEqual(0.96);
}, 300_000);
