import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conv2dFilterGrad, conv2dInputGrad, conv2dTrain, groupNorm, samePadding, type Padding } from './conv';
import { relativeGap } from './testing/relativeGap';

/**
 * The convolution's hand-written backward pass against tfjs' own gradient kernels and autodiff on
 * the cpu backend, and the same on WebAssembly (which has no filter-gradient kernel) against the
 * cpu's numbers; GroupNorm against a direct computation.
 */

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

type Geometry = [batch: number, size: number, cin: number, cout: number, kernel: number, stride: number, padding: Padding];
const geometries: Geometry[] = [
  [2, 8, 1, 3, 3, 1, 'same'],
  [3, 9, 2, 4, 3, 2, 'same'],
  [2, 10, 3, 2, 5, 2, 'same'],
  [4, 12, 1, 6, 5, 1, 'valid'],
  [2, 11, 3, 5, 3, 2, 'valid'],
  [1, 28, 1, 6, 5, 1, 'same'],
  [2, 12, 6, 16, 5, 1, 'valid'],
  [2, 7, 4, 3, 3, 1, 'same'],
];

const inputs = ([batch, size, cin, cout, kernel]: Geometry, seed: number) => ({
  x: tf.randomNormal([batch, size, size, cin], 0, 1, 'float32', seed) as tf.Tensor4D,
  w: tf.randomNormal([kernel, kernel, cin, cout], 0, 0.3, 'float32', seed + 1) as tf.Tensor4D,
  b: tf.randomNormal([cout], 0, 0.3, 'float32', seed + 2) as tf.Tensor1D,
});

/** `Σ y ⊙ r` for a fixed random `r`: its gradient in `y` is `r`. */
const weighted = (y: tf.Tensor, seed: number): tf.Scalar => tf.sum(tf.mul(y, tf.randomNormal(y.shape, 0, 1, 'float32', seed)));

describe('samePadding', () => {
  it("pads as TF's 'same' does, the odd pixel after", () => {
    expect(samePadding(28, 5, 1)).toEqual([2, 2]);
    expect(samePadding(28, 3, 2)).toEqual([0, 1]);
    expect(samePadding(9, 3, 2)).toEqual([1, 1]);
    expect(samePadding(10, 5, 2)).toEqual([1, 2]);
  });
});

describe('conv2dFilterGrad: one dilated convolution equals the Conv2DBackpropFilter kernel (cpu)', () => {
  it.each(geometries)('%j', (...g) => {
    const [, , , , kernel, stride, padding] = g;
    tf.tidy(() => {
      const { x, w } = inputs(g, 7);
      const out = tf.conv2d(x, w, stride, padding);
      const dy = tf.randomNormal(out.shape, 0, 1, 'float32', 9) as tf.Tensor4D;
      const attrs = { strides: [stride, stride], pad: padding, dataFormat: 'NHWC', filterShape: w.shape };
      const expected = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
      expect(relativeGap(conv2dFilterGrad(x, dy, kernel, stride, padding), expected)).toBeLessThan(1e-5);
    });
  });
});

describe('conv2dInputGrad: one convolution with the turned filter equals Conv2DBackpropInput (cpu, stride 1)', () => {
  it.each(geometries.filter((g) => g[5] === 1))('%j', (...g) => {
    const [, , , , , stride, padding] = g;
    tf.tidy(() => {
      const { x, w } = inputs(g, 17);
      const dy = tf.randomNormal(tf.conv2d(x, w, stride, padding).shape, 0, 1, 'float32', 19) as tf.Tensor4D;
      expect(relativeGap(conv2dInputGrad(dy, w, x.shape, padding), tf.conv2dTranspose(dy, w, x.shape, stride, padding))).toBeLessThan(1e-5);
    });
  });
});

/** Gradients of a weighted sum of `conv2dTrain` and of the same from plain ops, in x, kernel and bias. */
function gradGaps(g: Geometry, activation: 'linear' | 'relu', inputGrad: boolean): number[] {
  const [, , , , , stride, padding] = g;
  return tf.tidy(() => {
    const { x, w, b } = inputs(g, 3);
    const plain = (xIn: tf.Tensor, wIn: tf.Tensor, bIn: tf.Tensor) => {
      const z = tf.add(tf.conv2d(xIn as tf.Tensor4D, wIn as tf.Tensor4D, stride, padding), bIn);
      return weighted(activation === 'relu' ? tf.relu(z) : z, 5);
    };
    const expected = tf.grads(plain)([x, w, b]);
    if (!inputGrad) {
      const ours = (wIn: tf.Tensor, bIn: tf.Tensor) => weighted(conv2dTrain(x, wIn, bIn, { stride, padding, activation, inputGrad }), 5);
      const actual = tf.grads(ours)([w, b]);
      return actual.map((a, i) => relativeGap(a, expected[i + 1]!));
    }
    const ours = (xIn: tf.Tensor, wIn: tf.Tensor, bIn: tf.Tensor) =>
      weighted(conv2dTrain(xIn as tf.Tensor4D, wIn, bIn, { stride, padding, activation, inputGrad }), 5);
    const actual = tf.grads(ours)([x, w, b]);
    return actual.map((a, i) => relativeGap(a, expected[i]!));
  });
}

describe('conv2dTrain: gradients equal autodiff of conv2d + bias (+ ReLU) (cpu)', () => {
  it.each(geometries.flatMap((g) => (['linear', 'relu'] as const).map((a) => [a, g] as const)))('%s, %j', (activation, g) => {
    for (const gap of gradGaps(g, activation, true)) expect(gap).toBeLessThan(1e-5);
    for (const gap of gradGaps(g, activation, false)) expect(gap).toBeLessThan(1e-5);
  });
});

describe('conv2dTrain on WebAssembly, where tfjs has no filter-gradient kernel', () => {
  /** The forward value and the three gradients, as plain arrays, on the current backend. */
  const valuesAndGrads = (g: Geometry) =>
    tf.tidy(() => {
      const { x, w, b } = inputs(g, 11);
      const [, , , , , stride, padding] = g;
      const f = (xIn: tf.Tensor, wIn: tf.Tensor, bIn: tf.Tensor) =>
        weighted(conv2dTrain(xIn as tf.Tensor4D, wIn, bIn, { stride, padding, activation: 'relu', inputGrad: true }), 13);
      const { value, grads } = tf.valueAndGrads(f)([x, w, b]);
      return [value, ...grads].map((t) => Array.from(t.dataSync()));
    });

  it.each(geometries)('%j agrees with cpu to 1e-4 relative', async (...g) => {
    await tf.setBackend('cpu');
    const expected = valuesAndGrads(g);
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const actual = valuesAndGrads(g);
    expect(tf.memory().numTensors).toBe(before);
    expected.forEach((e, i) => {
      const scale = Math.max(...e.map(Math.abs));
      const gap = Math.max(...e.map((v, j) => Math.abs(v - actual[i]![j]!)));
      expect(gap / scale).toBeLessThan(1e-4);
    });
    await tf.setBackend('cpu');
  });
});

describe('groupNorm', () => {
  it('normalises each sample over its positions and its group of channels, then scales per channel', () => {
    const [n, h, w, c, groups, eps] = [2, 3, 2, 6, 3, 1e-3];
    const values = Array.from({ length: n * h * w * c }, (_, i) => Math.sin(i * 1.7) * 3 + (i % 5));
    const gamma = Array.from({ length: c }, (_, i) => 0.5 + i / 4);
    const beta = Array.from({ length: c }, (_, i) => i - 2);
    const ours = tf.tidy(() => groupNorm(tf.tensor4d(values, [n, h, w, c]), tf.tensor1d(gamma), tf.tensor1d(beta), groups, eps).dataSync());
    const size = c / groups;
    const at = (s: number, p: number, ch: number) => values[(s * h * w + p) * c + ch]!;
    for (let s = 0; s < n; s++) {
      for (let g = 0; g < groups; g++) {
        const members: number[] = [];
        for (let p = 0; p < h * w; p++) for (let k = 0; k < size; k++) members.push(at(s, p, g * size + k));
        const mean = members.reduce((a, v) => a + v, 0) / members.length;
        const variance = members.reduce((a, v) => a + (v - mean) ** 2, 0) / members.length;
        for (let p = 0; p < h * w; p++) {
          for (let k = 0; k < size; k++) {
            const ch = g * size + k;
            const expected = ((at(s, p, ch) - mean) / Math.sqrt(variance + eps)) * gamma[ch]! + beta[ch]!;
            expect(ours[(s * h * w + p) * c + ch]).toBeCloseTo(expected, 4);
          }
        }
      }
    }
  });
});
