import { it } from 'vitest';
import { makeSplits, type Splits } from '../engine/dataTensors';
import { modeAccuracy } from '../engine/modeGap';
import { createModel, disposeModel } from '../engine/model';
import { createOptimizer } from '../engine/optimizers';
import { RunControl } from '../engine/runControl';
import { runExperiment, trainModel, type EpochPoint } from '../engine/train';
import { notebookPlainModel } from '../runs/presets';
import { dropoutShiftRuns, LADDER_BATCH_SIZES, ladderRun } from '../runs/robustnessPresets';
import { evaluate } from '../engine/evaluate';
import { probeModel, probeRows } from '../engine/probe';
import { runName } from '../runs/runName';
import { useRealMnistOnWasm } from '../engine/testing/realMnistOnWasm';

/**
 * Measurements behind the README's robustness paragraphs, in Node on wasm (not part of `npm test`):
 *
 * - `npx vitest run --project reproduce src/repro/robustness.repro.ts -t scaling`: the notebook's
 *   plain model under the two readings of its data cell, for 2 epochs each (~5 minutes).
 * - `… -t ladder`: each batch-ladder run's final model scored on 2,048 test images in training and
 *   in inference mode (~3 minutes).
 * - `… -t variance`: the dropout variance-shift preset's two runs: test accuracy, training/inference
 *   mode accuracy on 2,048 test images at batch 32, and the second BatchNorm's variance shift (~1 minute).
 */
const data = useRealMnistOnWasm();

const quiet = { onSteps: () => {}, onLearningRate: () => {}, onPaused: () => {}, onResumed: () => {} };

it('scaling: which reading of the notebook data cell reproduces its plain model', async () => {
  // Its holdout is scaled like its training images; its test images on their own scale.
  const readings = [
    { name: 'A: training and holdout ÷255 twice, test ÷255', train: 1 / 255, test: 1 },
    { name: 'B: training and holdout ÷255, test not scaled', train: 1, test: 255 },
  ];
  for (const reading of readings) {
    const config = notebookPlainModel();
    config.train.epochs = 2;
    const base = makeSplits(data.train, data.test, config.train);
    const splits: Splits = {
      train: { ...base.train, scale: reading.train },
      validation: { ...base.validation, scale: reading.train },
      test: { ...base.test, scale: reading.test },
    };
    const epochs: EpochPoint[] = [];
    const outcome = await runExperiment(config, splits, new RunControl(), { ...quiet, onEpoch: (e) => epochs.push(e) });
    const test = outcome.status === 'completed' ? `test accuracy ${outcome.test.accuracy.toFixed(4)}, loss ${outcome.test.loss.toFixed(1)}` : outcome.status;
    console.log(
      `scaling ${reading.name}: ${epochs.map((e) => `epoch ${e.epoch} val_accuracy ${e.accuracy.toFixed(4)} val_loss ${e.loss.toFixed(4)}`).join('; ')}; ${test}`,
    );
  }
  console.log('scaling: the notebook logged val_accuracy 0.8916 / 0.9058 (val_loss 0.3939 / 0.3397), and after 30 epochs test accuracy 0.8845, loss 80.8');
}, 3_600_000);

it('ladder: BatchNorm and LayerNorm in training and inference mode at each batch size', async () => {
  for (const batchSize of LADDER_BATCH_SIZES) {
    for (const norm of ['batch', 'layer'] as const) {
      const config = ladderRun(batchSize, norm);
      const splits = makeSplits(data.train, data.test, config.train);
      const net = createModel(config.model, config.train.seed);
      const optimizer = createOptimizer(config.train.optimizer, config.train.learningRate);
      try {
        await trainModel(net, optimizer, splits, config.train, new RunControl(), { ...quiet, onEpoch: () => {} });
        const m = await modeAccuracy(net, splits.test, batchSize, 2048);
        console.log(
          `ladder ${runName(config)}: training mode ${m.train.toFixed(4)}, inference mode ${m.infer.toFixed(4)}, gap ${(m.train - m.infer).toFixed(4)}`,
        );
      } finally {
        optimizer.dispose();
        disposeModel(net);
      }
    }
  }
}, 3_600_000);

it('variance: dropout before BatchNorm against after it', async () => {
  for (const config of dropoutShiftRuns()) {
    const splits = makeSplits(data.train, data.test, config.train);
    const net = createModel(config.model, config.train.seed);
    const optimizer = createOptimizer(config.train.optimizer, config.train.learningRate);
    try {
      await trainModel(net, optimizer, splits, config.train, new RunControl(), { ...quiet, onEpoch: () => {} });
      const test = await evaluate(net, splits.test);
      const m = await modeAccuracy(net, splits.test, config.train.batchSize, 2048);
      const probe = await probeModel(net, splits.test, probeRows(splits.test, 1024), 0);
      const bn = probe.layers[1]!.bn!;
      const shift = bn.inferVariance.reduce((sum, v, u) => sum + v / bn.movingVariance[u]!, 0) / bn.inferVariance.length;
      console.log(
        `variance ${runName(config)}: test accuracy ${test.accuracy.toFixed(4)}; training mode ${m.train.toFixed(4)}, inference mode ${m.infer.toFixed(4)}, gap ${(m.train - m.infer).toFixed(4)}; layer 2 BatchNorm: inference variance / moving variance ${shift.toFixed(3)}`,
      );
    } finally {
      optimizer.dispose();
      disposeModel(net);
    }
  }
}, 3_600_000);
