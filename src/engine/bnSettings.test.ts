import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { BN_EPSILON, BN_MOMENTUM, defaultExperiment, type ModelConfig } from './config';
import { createModel, disposeModel, forward, type LayerRecord } from './model';
import { formOf, mlp } from './testing/mlp';
import { parseExperiment } from './schema';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type BnPatch = { bnMomentum?: unknown; bnEpsilon?: unknown };

/** The default experiment with its BatchNorm settings, written the way configs were before layer lists (migrated when parsed). */
const withBnSettings = (patch: BnPatch) => {
  const base = defaultExperiment();
  const hidden = formOf(base.model).hidden;
  return { ...base, model: { inputBatchNorm: false, activation: 'relu', hidden, ...patch } };
};

const bnLayers = (model: ModelConfig) => model.layers.filter((l) => l.kind === 'batchNorm');

describe('BN momentum and epsilon settings', () => {
  it('default to Keras; an old config without them parses to BatchNorm layers with the defaults', () => {
    expect(BN_MOMENTUM).toBe(0.99);
    expect(BN_EPSILON).toBe(1e-3);
    const r = parseExperiment(withBnSettings({}), 60_000);
    expect(r.ok && bnLayers(r.config.model)).toEqual([
      { kind: 'batchNorm', momentum: BN_MOMENTUM, epsilon: BN_EPSILON },
      { kind: 'batchNorm', momentum: BN_MOMENTUM, epsilon: BN_EPSILON },
    ]);
  });

  it('keep valid values, old form or new', () => {
    const r = parseExperiment(withBnSettings({ bnMomentum: 0.9, bnEpsilon: 1e-5 }), 60_000);
    expect(r.ok && bnLayers(r.config.model).map((l) => [l.momentum, l.epsilon])).toEqual([
      [0.9, 1e-5],
      [0.9, 1e-5],
    ]);
    expect(r.ok && formOf(r.config.model)).toMatchObject({ bnMomentum: 0.9, bnEpsilon: 1e-5 });
    expect(parseExperiment(withBnSettings({ bnMomentum: 0 }), 60_000).ok).toBe(true);
  });

  it.each([
    ['momentum', { bnMomentum: 1 }, 'BN momentum must be less than 1 (at 1 the moving statistics never learn)'],
    ['momentum', { bnMomentum: -0.1 }, 'BN momentum must be at least 0'],
    ['momentum', { bnMomentum: Number.NaN }, 'BN momentum must be a number'],
    ['momentum', { bnMomentum: '0.9' }, 'BN momentum must be a number'],
    ['epsilon', { bnEpsilon: 0 }, 'BN epsilon must be at least 1e-8'],
    ['epsilon', { bnEpsilon: 2 }, 'BN epsilon must be at most 1'],
    ['epsilon', { bnEpsilon: Number.POSITIVE_INFINITY }, 'BN epsilon must be a number'],
  ])('%s: %j → "%s", named on the BatchNorm layer', (field, patch, message) => {
    const r = parseExperiment(withBnSettings(patch), 60_000);
    expect(r.ok).toBe(false);
    // The tutorial's first BatchNorm is layer 3 of the list (flatten, dense, batchNorm).
    if (!r.ok) expect(r.errors[`model.layers.2.${field}`]).toBe(message);
  });

  /** One training-mode pass of a 4-unit BN layer on a fixed batch; the moving mean and the output. */
  function onePass(patch: { bnMomentum?: number; bnEpsilon?: number }) {
    const config = mlp([{ units: 4, batchNorm: true, bnPosition: 'before' }], patch);
    const net = createModel(config, 3);
    try {
      const xs = tf.tidy(() => tf.randomUniform([16, 784], 0, 1, 'float32', 5) as tf.Tensor2D);
      const out = tf.tidy(() => {
        const record: LayerRecord[] = [];
        const logits = forward(net, xs, 'train', { record });
        // Layers: flatten, dense, batchNorm, relu, dense.
        return [logits, record[2]!.output, record[2]!.mean!];
      });
      const [logits, pre, batchMean] = out.map((t) => t.arraySync()) as [number[][], number[][], number[]];
      const moving = net.layers[2]!.variables[2]!.arraySync() as number[];
      out.forEach((t) => t.dispose());
      xs.dispose();
      return { logits, pre, batchMean, moving };
    } finally {
      disposeModel(net);
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
