import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ladderRun } from './robustnessPresets';
import { makeSplits } from '../engine/dataTensors';
import { modeAccuracy, type ModeAccuracy } from '../engine/modeGap';
import { createModel, disposeModel } from '../engine/model';
import { createOptimizer } from '../engine/optimizers';
import { RunControl } from '../engine/runControl';
import { useRealMnistOnWasm } from '../engine/testing/realMnistOnWasm';
import { trainModel } from '../engine/train';

/**
 * The batch-size ladder's claim on real MNIST (wasm, the preset's 4,000 training images, 1 epoch): with tiny
 * batches BatchNorm's training mode (each batch normalised by its own statistics) and inference
 * mode (moving statistics) disagree, less so as batches grow; LayerNorm's two modes are one.
 */
const mnist = useRealMnistOnWasm();

/** Trains the ladder's run (4,000 images) and scores it on 2,048 test images in both modes, at its batch size. */
async function trainAndScore(batchSize: number, norm: 'batch' | 'layer'): Promise<ModeAccuracy> {
  const config = ladderRun(batchSize, norm);
  const splits = makeSplits(mnist.train, mnist.test, config.train);
  const net = createModel(config.model, config.train.seed);
  const optimizer = createOptimizer(config.train.optimizer, config.train.learningRate);
  try {
    const noop = () => {};
    const outcome = await trainModel(net, optimizer, splits, config.train, new RunControl(), {
      onSteps: noop,
      onEpoch: noop,
      onLearningRate: noop,
      onPaused: noop,
      onResumed: noop,
    });
    expect(outcome.status).toBe('completed');
    const before = tf.memory().numTensors;
    const scored = await modeAccuracy(net, splits.test, batchSize, 2048);
    expect(tf.memory().numTensors).toBe(before);
    console.log(`ladder, ${norm}Norm, batch ${batchSize}: training mode ${scored.train.toFixed(4)}, inference mode ${scored.infer.toFixed(4)}`);
    return scored;
  } finally {
    optimizer.dispose();
    disposeModel(net);
  }
}

describe('small batches: BatchNorm against LayerNorm', () => {
  it("BatchNorm's two modes drift apart at batch 2 and close up by batch 16; LayerNorm's agree exactly and it learns better at batch 2", async () => {
    const bn2 = await trainAndScore(2, 'batch');
    const bn16 = await trainAndScore(16, 'batch');
    const ln2 = await trainAndScore(2, 'layer');
    const gap = (m: ModeAccuracy) => Math.abs(m.train - m.infer);
    expect(gap(bn2)).toBeGreaterThan(0.1);
    expect(gap(bn16)).toBeLessThan(gap(bn2) / 2);
    expect(ln2.train).toBe(ln2.infer);
    expect(ln2.infer).toBeGreaterThan(bn2.infer + 0.1);
  }, 300_000);
});
