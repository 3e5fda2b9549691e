import { describe, expect, it } from 'vitest';
import { normalisesInput } from '../engine/layers/blocks';
import { describeInputMismatch } from './inputMismatch';
import { notebookBnModel } from './presets';
import { notebookPitfallRuns } from './robustnessPresets';
import type { ExperimentConfig } from '../engine/config';
import { makeSplits } from '../engine/dataTensors';
import { splitsInputStats } from '../engine/inputStats';
import { RunControl } from '../engine/runControl';
import { useRealMnistOnWasm } from '../engine/testing/realMnistOnWasm';
import { runExperiment, type EpochPoint } from '../engine/train';

/**
 * The notebook's pitfall on real MNIST, on a subset so it runs in about a minute on wasm: its BN
 * model trained on pixels divided by 255 twice and validated on the test images divided once
 * (the "Notebook pitfall" preset), and the preset's twin with both divided once.
 */
const SUBSET = { trainLimit: 40_000, epochs: 4 };

const mnist = useRealMnistOnWasm();

interface Trained {
  epochs: EpochPoint[];
  /** Mean per-step training accuracy over the last epoch (batch statistics, as Keras logs it). */
  trainAccuracy: number;
  warning: string | null;
}

async function trainSubset(preset: ExperimentConfig): Promise<Trained> {
  const config: ExperimentConfig = { ...preset, train: { ...preset.train, ...SUBSET } };
  const splits = makeSplits(mnist.train, mnist.test, config.train);
  const warning = describeInputMismatch(
    splitsInputStats(splits, (s) => (s.source === mnist.train ? mnist.bytes.train : mnist.bytes.test)),
    normalisesInput(config.model.layers),
  );
  const epochs: EpochPoint[] = [];
  const accuracies: number[] = [];
  const outcome = await runExperiment(config, splits, new RunControl(), {
    onSteps: (p) => accuracies.push(...p.accuracy),
    onEpoch: (e) => epochs.push(e),
    onLearningRate: () => {},
    onPaused: () => {},
    onResumed: () => {},
  });
  expect(outcome.status).toBe('completed');
  const last = accuracies.slice(-Math.ceil(splits.train.count / config.train.batchSize));
  const trainAccuracy = last.reduce((a, b) => a + b, 0) / last.length;
  console.log(
    `notebook pitfall subset: ${epochs.map((e) => `epoch ${e.epoch} val_accuracy ${e.accuracy.toFixed(4)} val_loss ${e.loss.toFixed(2)}`).join('; ')}; train accuracy (last epoch) ${trainAccuracy.toFixed(4)}; warning: ${warning ?? 'none'}`,
  );
  return { epochs, trainAccuracy, warning };
}

describe('the notebook pitfall', () => {
  const [pitfall, twin] = notebookPitfallRuns(notebookBnModel());

  it('trains above 0.97 while its validation loss is in the tens or more, and warns about the scaling', async () => {
    const r = await trainSubset(pitfall);
    expect(r.trainAccuracy).toBeGreaterThan(0.97);
    expect(r.epochs.at(-1)!.loss).toBeGreaterThanOrEqual(10);
    expect(r.warning).toMatch(
      /^Your test images are 2\d\d× brighter on average than your training images .*BatchNorm on the input then sees values it never saw in training/,
    );
  }, 300_000);

  it('with matched scaling: no warning, and validation accuracy of 0.97 or more', async () => {
    const r = await trainSubset(twin);
    expect(r.warning).toBeNull();
    expect(r.epochs.at(-1)!.accuracy).toBeGreaterThanOrEqual(0.97);
  }, 300_000);
});
