import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { BN_EPSILON, BN_MOMENTUM, bnSettings, defaultExperiment, type ModelConfig } from './config';
import { createMlp, disposeMlp, forward, type LayerTrace } from './model';
import { parseExperiment } from './schema';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const withModel = (patch: Partial<ModelConfig>) => {
  const base = defaultExperiment();
  return { ...base, model: { ...base.model, ...patch } };
};

describe('BN momentum and epsilon settings', () => {
  it('are optional: absent means the Keras defaults, and an old config parses unchanged', () => {
    expect(bnSettings(defaultExperiment().model)).toEqual({ momentum: BN_MOMENTUM, epsilon: BN_EPSILON });
    expect(BN_MOMENTUM).toBe(0.99);
    expect(BN_EPSILON).toBe(1e-3);
    const r = parseExperiment(defaultExperiment(), 60_000);
    expect(r.ok && 'bnMomentum' in r.config.model).toBe(false);
    expect(bnSettings({ ...defaultExperiment().model, bnMomentum: 0.9, bnEpsilon: 1e-5 })).toEqual({ momentum: 0.9, epsilon: 1e-5 });
  });

  it('keep valid values', () => {
    const r = parseExperiment(withModel({ bnMomentum: 0.9, bnEpsilon: 1e-5 }), 60_000);
    expect(r.ok && r.config.model).toMatchObject({ bnMomentum: 0.9, bnEpsilon: 1e-5 });
    expect(parseExperiment(withModel({ bnMomentum: 0 }), 60_000).ok).toBe(true);
  });

  it.each([
    ['model.bnMomentum', { bnMomentum: 1 }, 'BN momentum must be less than 1 (at 1 the moving statistics never learn)'],
    ['model.bnMomentum', { bnMomentum: -0.1 }, 'BN momentum must be at least 0'],
    ['model.bnMomentum', { bnMomentum: Number.NaN }, 'BN momentum must be a number'],
    ['model.bnMomentum', { bnMomentum: '0.9' }, 'BN momentum must be a number'],
    ['model.bnEpsilon', { bnEpsilon: 0 }, 'BN epsilon must be at least 1e-8'],
    ['model.bnEpsilon', { bnEpsilon: 2 }, 'BN epsilon must be at most 1'],
    ['model.bnEpsilon', { bnEpsilon: Number.POSITIVE_INFINITY }, 'BN epsilon must be a number'],
  ])('%s: %j → "%s"', (field, patch, message) => {
    const r = parseExperiment(withModel(patch as Partial<ModelConfig>), 60_000);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[field]).toBe(message);
  });

  /** One training-mode pass of a 4-unit BN layer on a fixed batch; the moving mean and the output. */
  function onePass(patch: Partial<ModelConfig>) {
    const config: ModelConfig = { inputBatchNorm: false, activation: 'relu', hidden: [{ units: 4, batchNorm: true, bnPosition: 'before' }], ...patch };
    const mlp = createMlp(config, 3);
    try {
      const xs = tf.tidy(() => tf.randomUniform([16, 784], 0, 1, 'float32', 5) as tf.Tensor2D);
      const out = tf.tidy(() => {
        const trace: LayerTrace[] = [];
        const logits = forward(mlp, xs, 'train', { trace });
        return [logits, trace[0]!.preActivation, trace[0]!.batchMean!];
      });
      const [logits, pre, batchMean] = out.map((t) => t.arraySync()) as [number[][], number[][], number[]];
      const moving = mlp.hidden[0]!.bn!.movingMean.arraySync() as number[];
      out.forEach((t) => t.dispose());
      xs.dispose();
      return { logits, pre, batchMean, moving };
    } finally {
      disposeMlp(mlp);
    }
  }

  it('momentum sets how far the moving mean moves towards the batch mean in one step', () => {
    for (const momentum of [undefined, 0.9, 0]) {
      const { batchMean, moving } = onePass(momentum === undefined ? {} : { bnMomentum: momentum });
      const keep = momentum ?? BN_MOMENTUM;
      // Moving mean starts at 0: after one step it is (1 - momentum) · batch mean.
      moving.forEach((m, i) => expect(m).toBeCloseTo((1 - keep) * batchMean[i]!, 6));
    }
  });

  it('epsilon is what BatchNorm adds to the variance', () => {
    const small = onePass({ bnEpsilon: 1e-8 });
    const large = onePass({ bnEpsilon: 1 });
    // With a tiny epsilon each unit's normalised batch has variance ~1; with epsilon 1 it is var / (var + 1) < 1.
    const variance = (rows: number[][], j: number) => {
      const col = rows.map((r) => r[j]!);
      const mean = col.reduce((a, b) => a + b) / col.length;
      return col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length;
    };
    for (let j = 0; j < 4; j++) {
      expect(variance(small.pre, j)).toBeCloseTo(1, 3);
      expect(variance(large.pre, j)).toBeLessThan(0.99);
    }
  });
});
