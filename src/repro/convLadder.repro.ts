import { it } from 'vitest';
import { makeSplits } from '../engine/dataTensors';
import { evaluate } from '../engine/evaluate';
import { modeAccuracy } from '../engine/modeGap';
import { createModel, disposeModel } from '../engine/model';
import { createOptimizer } from '../engine/optimizers';
import { RunControl } from '../engine/runControl';
import { trainModel } from '../engine/train';
import { CONV_LADDER_BATCH_SIZES, convLadderRun } from '../runs/convPresets';
import { runName } from '../runs/runName';
import { useRealMnistOnWasm } from '../engine/testing/realMnistOnWasm';

/**
 * The convnet ladder's measurements behind the README, in Node on wasm (not part of `npm test`):
 * `npx vitest run --project reproduce src/repro/convLadder.repro.ts`. Each run of the
 * `conv-batch-ladder-gn` preset trained as the app trains it, then its test accuracy (inference
 * mode, all 10,000 images) and its accuracy on the first 2,048 test images in training mode
 * (batch statistics, at the run's batch size) and in inference mode.
 */
const data = useRealMnistOnWasm();

const quiet = { onSteps: () => {}, onEpoch: () => {}, onLearningRate: () => {}, onPaused: () => {}, onResumed: () => {} };

it('conv ladder: BatchNorm and GroupNorm in training and inference mode at each batch size', async () => {
  for (const batchSize of CONV_LADDER_BATCH_SIZES) {
    for (const norm of ['batch', 'group'] as const) {
      const config = convLadderRun(batchSize, norm);
      const splits = makeSplits(data.train, data.test, config.train);
      const net = createModel(config.model, config.train.seed);
      const optimizer = createOptimizer(config.train.optimizer, config.train.learningRate);
      const started = Date.now();
      try {
        await trainModel(net, optimizer, splits, config.train, new RunControl(), quiet);
        const seconds = (Date.now() - started) / 1000;
        const test = await evaluate(net, splits.test);
        const m = await modeAccuracy(net, splits.test, batchSize, 2048);
        console.log(
          `conv ladder ${runName(config)}: test accuracy ${test.accuracy.toFixed(4)}; training mode ${m.train.toFixed(4)}, inference mode ${m.infer.toFixed(4)}, gap ${(m.train - m.infer).toFixed(4)} (${seconds.toFixed(0)} s)`,
        );
      } finally {
        optimizer.dispose();
        disposeModel(net);
      }
    }
  }
}, 3_600_000);
