import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchNormTrain, softmaxCrossEntropyMean } from '../fastOps';
import { columnPercentiles, percentiles } from '../percentiles';
import { createOptimizer } from '../optimizers';
import { ACT_CODE, instantiateMlpKernels, type MlpKernels } from './mlpKernels';
import { tfjsHeap, type TfjsHeap } from './tfjsHeap';

// Each kernel against the tfjs ops the engine would otherwise run, on the same inputs, to 1e-5
// (relative to the values' size): the kernels sum in another order than XNNPACK, so not bit for bit.

let heap: TfjsHeap;
let k: MlpKernels;
const allocated: number[] = [];

beforeAll(async () => {
  await tf.setBackend('wasm');
  heap = tfjsHeap()!;
  k = instantiateMlpKernels(heap.memory);
});

afterAll(() => allocated.forEach((p) => heap.free(p)));

/** `values` copied onto tfjs' heap (a fresh allocation), as float32 or int32. */
function put(values: ArrayLike<number>, int = false): number {
  const ptr = heap.malloc(Math.max(4, values.length * 4));
  allocated.push(ptr);
  (int ? new Int32Array(heap.memory.buffer, ptr, values.length) : new Float32Array(heap.memory.buffer, ptr, values.length)).set(values);
  return ptr;
}
const read = (ptr: number, size: number) => new Float32Array(heap.memory.buffer, ptr, size).slice();
const values = (t: tf.Tensor) => t.dataSync() as Float32Array;

function expectClose(actual: Float32Array, expected: Float32Array | tf.Tensor, what: string) {
  const want = expected instanceof tf.Tensor ? values(expected) : expected;
  expect(actual.length, what).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - want[i]!) / Math.max(1, Math.abs(want[i]!)));
  expect(worst, what).toBeLessThan(1e-5);
}

const random = (shape: number[], seed: number, scale = 1) => tf.mul(tf.randomNormal(shape, 0, 1, 'float32', seed), scale);

describe('our WebAssembly kernels match tfjs on the wasm backend', () => {
  // Sizes that leave remainders in every loop (4 rows, 8 and 4 columns).
  for (const [m, kk, n] of [
    [7, 13, 10],
    [32, 784, 128],
    [5, 9, 3],
    [12, 64, 20],
  ] as const) {
    it(`gemm ${m}×${kk}·${kk}×${n}: plain, with bias and ReLU, and with A read transposed`, () => {
      tf.tidy(() => {
        const a = random([m, kk], 1);
        const b = random([kk, n], 2, 0.1);
        const bias = random([n], 3);
        const c = put(new Float32Array(m * n));
        k.gemm(put(values(a)), kk, 1, put(values(b)), 0, c, m, kk, n, 0);
        expectClose(read(c, m * n), tf.matMul(a, b), 'A·B');
        k.gemm(put(values(a)), kk, 1, put(values(b)), put(values(bias)), c, m, kk, n, ACT_CODE.relu);
        expectClose(read(c, m * n), tf.relu(tf.add(tf.matMul(a, b), bias)), 'relu(A·B + bias)');
        // A stored as its transpose [kk, m]: the weight gradient's layout.
        const at = tf.transpose(a);
        k.gemm(put(values(at)), 1, m, put(values(b)), 0, c, m, kk, n, 0);
        expectClose(read(c, m * n), tf.matMul(a, b), 'Aᵀᵀ·B');
      });
    });
  }

  it('l2Norm: the square root of the sum of squares, summed in double', () => {
    const x = Float32Array.from({ length: 1001 }, (_, i) => Math.sin(i) * 3);
    const out = put([0]);
    k.l2Norm(put(x), x.length, out);
    expect(read(out, 1)[0]).toBe(Math.fround(Math.sqrt(x.reduce((t, v) => t + v * v, 0))));
  });

  it('bnInfer equals tf.batchNorm with the moving statistics, then the activation', () => {
    tf.tidy(() => {
      const [rows, n] = [7, 10];
      const x = random([rows, n], 16, 2) as tf.Tensor2D;
      const [mean, variance] = [random([n], 17), tf.add(tf.abs(random([n], 18)), 0.5)];
      const [gamma, beta] = [random([n], 19), random([n], 20)];
      const y = put(new Float32Array(rows * n));
      k.bnInfer(put(values(x)), rows, n, put(values(mean)), put(values(variance)), put(values(gamma)), put(values(beta)), 1e-3, put(new Float32Array(n)), y, ACT_CODE.tanh);
      expectClose(read(y, rows * n), tf.tanh(tf.batchNorm(x, mean as tf.Tensor1D, variance as tf.Tensor1D, beta as tf.Tensor1D, gamma as tf.Tensor1D, 1e-3)), 'tanh(bn(x))');
    });
  });

  for (const n of [128, 40, 10]) {
    it(`sparseGemm on compressed rows and columns equals gemm bit for bit (n = ${n})`, () => {
      tf.tidy(() => {
        const [rows, cols] = [9, 50];
        // ~80% zeros, as MNIST's pixels.
        const dense = tf.mul(random([rows, cols], 21), tf.cast(tf.greater(tf.randomUniform([rows, cols], 0, 1, 'float32', 22), 0.8), 'float32'));
        const [b, bias, dz] = [random([cols, n], 23), random([n], 24), random([rows, n], 25)];
        const size = rows * cols;
        const [start, index, value, tStart, tIndex, tValue] = [rows + 1, size, size, cols + 1, size, size].map((c) => put(new Float32Array(c)));
        const x = put(values(dense));
        const nz = k.compressRows(x, rows, cols, start!, index!, value!);
        expect(nz).toBe(values(tf.sum(tf.cast(tf.notEqual(dense, 0), 'float32')))[0]);
        const [viaSparse, viaDense] = [put(new Float32Array(rows * n)), put(new Float32Array(rows * n))];
        k.sparseGemm(start!, index!, value!, rows, put(values(b)), put(values(bias)), viaSparse, n, ACT_CODE.relu);
        k.gemm(x, cols, 1, put(values(b)), put(values(bias)), viaDense, rows, cols, n, ACT_CODE.relu);
        expect(Array.from(read(viaSparse, rows * n))).toEqual(Array.from(read(viaDense, rows * n)));
        // The weight gradient: the transpose's rows.
        k.transposeCompressed(start!, index!, value!, rows, cols, tStart!, tIndex!, tValue!);
        const [gSparse, gDense] = [put(new Float32Array(cols * n)), put(new Float32Array(cols * n))];
        k.sparseGemm(tStart!, tIndex!, tValue!, cols, put(values(dz)), 0, gSparse, n, 0);
        k.gemm(x, 1, cols, put(values(dz)), 0, gDense, cols, rows, n, 0);
        expect(Array.from(read(gSparse, cols * n))).toEqual(Array.from(read(gDense, cols * n)));
        expectClose(read(gSparse, cols * n), tf.matMul(dense, dz, true, false), 'Sᵀ·dz');
      });
    });
  }

  it('percentilesOf and columnPercentiles give percentiles.ts’ numbers bit for bit (ties and a NaN column included)', () => {
    const [rows, cols, ps] = [37, 6, [15, 50, 85]];
    const x = Float32Array.from({ length: rows * cols }, (_, i) => (i % 7 === 0 ? 1 : Math.sin(i * 1.7) * 5));
    x[4 * cols + 3] = Number.NaN;
    const ranks = (n: number) => {
      const ptr = put(new Float32Array(2 * ps.length));
      new Float64Array(heap.memory.buffer, ptr, ps.length).set(ps.map((p) => (p / 100) * (n - 1)));
      return ptr;
    };
    const [scratch, tmp, out] = [put(new Float32Array(rows * cols)), put(new Float32Array(8)), put(new Float32Array(cols * 3))];
    k.columnPercentiles(put(x), rows, cols, ranks(rows), 3, scratch, tmp, out);
    expect(Array.from(read(out, cols * 3))).toEqual(Array.from(columnPercentiles(x, rows, cols, ps)));
    const clean = x.map((v) => (Number.isNaN(v) ? 0 : v));
    k.percentilesOf(put(clean), clean.length, ranks(clean.length), 3, tmp);
    expect(Array.from(new Float64Array(heap.memory.buffer, tmp, 3))).toEqual(percentiles(clean, ps));
  });

  it('transpose, gatherRows (with a scale), gatherInts, colSum', () => {
    tf.tidy(() => {
      const x = random([9, 6], 4);
      const out = put(new Float32Array(54));
      k.transpose(put(values(x)), 9, 6, out);
      expectClose(read(out, 54), tf.transpose(x), 'transpose');
      const idx = [3, 0, 8, 3];
      k.gatherRows(put(values(x)), put(idx, true), 4, 6, 0.5, out);
      expectClose(read(out, 24), tf.mul(tf.gather(x, idx), 0.5), 'gatherRows');
      k.gatherInts(put([10, 11, 12, 13, 14, 15, 16, 17, 18], true), put(idx, true), 4, out);
      expect(Array.from(new Int32Array(heap.memory.buffer, out, 4))).toEqual([13, 10, 18, 13]);
      k.colSum(put(values(x)), 9, 6, out);
      expectClose(read(out, 6), tf.sum(x, 0), 'colSum');
    });
  });

  for (const act of ['relu', 'sigmoid', 'tanh'] as const) {
    it(`activate and activationBackward: ${act}`, () => {
      tf.tidy(() => {
        const x = random([6, 7], 5, 3);
        const dy = random([6, 7], 6);
        const fn = (t: tf.Tensor) => (act === 'relu' ? tf.relu(t) : act === 'sigmoid' ? tf.sigmoid(t) : tf.tanh(t));
        const y = put(values(x));
        k.activate(y, 42, ACT_CODE[act]);
        // ReLU is applied inside gemm and bnForward, never by `activate`.
        if (act !== 'relu') expectClose(read(y, 42), fn(x), `${act} forward`);
        const d = put(values(dy));
        k.activationBackward(d, put(values(fn(x))), 42, ACT_CODE[act]);
        expectClose(read(d, 42), tf.grad((t: tf.Tensor) => tf.sum(tf.mul(fn(t), dy)))(x), `${act} backward`);
      });
    });
  }

  it('bnForward and bnBackward equal batchNormTrain and its gradients', () => {
    tf.tidy(() => {
      const [rows, n] = [11, 9];
      const x = tf.add(random([rows, n], 7, 2), 3) as tf.Tensor2D;
      const gamma = tf.add(random([n], 8, 0.3), 1) as tf.Tensor1D;
      const beta = random([n], 9, 0.5) as tf.Tensor1D;
      const dy = random([rows, n], 10);
      const [z, mean, variance, inv, y] = [put(values(x)), put(new Float32Array(n)), put(new Float32Array(n)), put(new Float32Array(n)), put(new Float32Array(rows * n))];
      k.bnForward(z, rows, n, put(values(gamma)), put(values(beta)), 1e-3, mean, variance, inv, y, ACT_CODE.linear);
      const ref = batchNormTrain(x, gamma, beta, 1e-3);
      expectClose(read(y, rows * n), ref.y, 'y');
      expectClose(read(mean, n), ref.mean, 'mean');
      expectClose(read(variance, n), ref.variance, 'variance');
      const grads = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(batchNormTrain(a as tf.Tensor2D, g, b, 1e-3).y, dy)))([x, gamma, beta]);
      const [d, dgamma, dbeta] = [put(values(dy)), put(new Float32Array(n)), put(new Float32Array(n))];
      k.bnBackward(d, z, rows, n, put(values(gamma)), inv, dgamma, dbeta);
      expectClose(read(d, rows * n), grads[0]!, 'dx');
      expectClose(read(dgamma, n), grads[1]!, 'dgamma');
      expectClose(read(dbeta, n), grads[2]!, 'dbeta');
      // With the activation: y = relu(γ·x̂ + β).
      k.bnForward(put(values(x)), rows, n, put(values(gamma)), put(values(beta)), 1e-3, mean, variance, inv, y, ACT_CODE.relu);
      expectClose(read(y, rows * n), tf.relu(ref.y), 'relu(y)');
    });
  });

  it('softmaxCrossEntropy: loss, accuracy and gradient', () => {
    tf.tidy(() => {
      const logits = random([13, 10], 11, 4) as tf.Tensor2D;
      const labels = Array.from({ length: 13 }, (_, i) => (i * 7) % 10);
      const targets = tf.cast(tf.oneHot(labels, 10), 'float32') as tf.Tensor2D;
      const [grad, out] = [put(new Float32Array(130)), put(new Float32Array(2))];
      k.softmaxCrossEntropy(put(values(logits)), put(labels, true), 13, 10, grad, out);
      const [loss, accuracy] = read(out, 2);
      expectClose(Float32Array.of(loss!), softmaxCrossEntropyMean(logits, targets), 'loss');
      const correct = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.tensor1d(labels, 'int32')), 'float32'));
      expect(accuracy).toBeCloseTo(values(correct)[0]! / 13, 6);
      expectClose(read(grad, 130), tf.grad((z: tf.Tensor) => softmaxCrossEntropyMean(z as tf.Tensor2D, targets))(logits), 'gradient');
    });
  });

  it("adam equals the optimizer's tfjs update bit for bit, movingAverage BatchNorm's", () => {
    const v = tf.variable(random([37], 12));
    const g = random([37], 13, 0.01);
    const p = put(values(v));
    const [m, u] = [put(new Float32Array(37)), put(new Float32Array(37))];
    const optimizer = createOptimizer('adam', 1e-3);
    for (let step = 1; step <= 3; step++) {
      tf.tidy(() => optimizer.apply([v], [g]));
      const alpha = (1e-3 * Math.sqrt(1 - 0.999 ** step)) / (1 - 0.9 ** step);
      k.adam(p, put(values(g)), m, u, 37, alpha, 1 - 0.9, 1 - 0.999, 1e-7);
    }
    expect(Array.from(read(p, 37))).toEqual(Array.from(values(v)));
    const slots = optimizer.slotVariables([v]);
    expect(Array.from(read(u, 37))).toEqual(Array.from(values(slots[1]!)));
    optimizer.dispose();
    v.dispose();
    tf.tidy(() => {
      const moving = random([6], 14);
      const batch = random([6], 15);
      const q = put(values(moving));
      k.movingAverage(q, put(values(batch)), 6, 0.99, 1 - 0.99);
      expect(Array.from(read(q, 6))).toEqual(Array.from(values(tf.add(tf.mul(moving, 0.99), tf.mul(batch, 1 - 0.99)))));
    });
    g.dispose();
  });
});
