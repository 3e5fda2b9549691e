import { describe, expect, it } from 'vitest';
import { mlp } from './testing/mlp';
import { defaultExperiment } from './config';
import { summarize } from './summary';
import { createModel, disposeModel, allVariables } from './model';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

describe('summarize', () => {
  it("lists the tutorial model as Keras' model.summary() does", () => {
    const s = summarize(defaultExperiment().model);
    expect(s.rows.map((r) => [r.name, r.outputShape, r.params])).toEqual([
      ['dense', '(None, 128)', 100_480],
      ['batch_normalization', '(None, 128)', 512],
      ['re_lu', '(None, 128)', 0],
      ['dense_1', '(None, 64)', 8_256],
      ['batch_normalization_1', '(None, 64)', 256],
      ['re_lu_1', '(None, 64)', 0],
      ['dense_2', '(None, 10)', 650],
      ['softmax', '(None, 10)', 0],
    ]);
    expect([s.total, s.trainable, s.nonTrainable]).toEqual([110_154, 109_770, 384]);
  });

  it('counts exactly the variables the engine creates, for the notebook BN model', async () => {
    await tf.setBackend('cpu');
    const config = mlp(
      [
        { units: 256, batchNorm: true, bnPosition: 'after' },
        { units: 128, batchNorm: true, bnPosition: 'after' },
      ],
      { inputBatchNorm: true },
    );
    const net = createModel(config, 1);
    const vars = allVariables(net);
    const s = summarize(config);
    expect(s.total).toBe(vars.reduce((n, v) => n + v.size, 0));
    expect(s.trainable).toBe(vars.filter((v) => v.trainable).reduce((n, v) => n + v.size, 0));
    disposeModel(net);
  });
});
