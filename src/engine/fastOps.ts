import * as tf from '@tensorflow/tfjs-core';

/**
 * Dense layers, training-mode BatchNorm and the softmax cross-entropy loss with hand-written
 * gradients.
 *
 * Why: with autodiff, tfjs builds these backward passes from dozens of small kernels (moments,
 * broadcasting, casts, weighted-loss reductions) and transposed matMuls that WebAssembly runs
 * slowly. With them the tutorial step runs 324 kernels instead of 426 (`tf.profile`, cpu, Adam in ops);
 * `fastOps.test.ts` checks them against autodiff, `npm run bench` measures what it buys.
 */

/** The largest divisor of `n` that is at most `max` (1 when none above 1 is). */
function largestDivisor(n: number, max: number): number {
  for (let d = Math.min(n, max); d > 1; d--) if (n % d === 0) return d;
  return 1;
}

/**
 * Column means `[c]` of `x` `[rows, c]`. Why: tfjs' WebAssembly backend reduces over a leading
 * axis by transposing first, which for a convolution's `[batch·height·width, channels]` is slow
 * (10 ms for the small convnet's `[50176, 32]`, measured in Node), while its average pooling
 * (XNNPACK) over windows of up to 256 rows takes 0.2 ms; the few window means left are then
 * averaged. Other backends, and row counts with no divisor from 8 to 256, keep `tf.mean`.
 * Pure; run inside a tidy or a gradient function.
 */
export function columnMeans(x: tf.Tensor2D): tf.Tensor1D {
  const [rows, c] = x.shape;
  const window = largestDivisor(rows, 256);
  if (tf.getBackend() !== 'wasm' || window < 8) return tf.mean(x, 0);
  const pooled = tf.avgPool(tf.reshape(x, [1, rows / window, window, c]) as tf.Tensor4D, [1, window], [1, window], 'valid');
  return tf.mean(tf.reshape(pooled, [rows / window, c]), 0);
}

/** Column sums `[c]` of `x` `[rows, c]`, through `columnMeans` where that is faster. Pure. */
export const columnSums = (x: tf.Tensor2D): tf.Tensor1D => (tf.getBackend() === 'wasm' ? tf.mul(columnMeans(x), x.shape[0]) : tf.sum(x, 0));

export interface BatchNormTrainResult {
  y: tf.Tensor2D;
  /** Batch mean `[units]`. */
  mean: tf.Tensor1D;
  /** Batch variance `[units]`, biased (divides by the batch size), as Keras uses it. */
  variance: tf.Tensor1D;
}

/**
 * `y = gamma · (x − mean) / sqrt(variance + epsilon) + beta` over the batch axis of `x`
 * `[batch, units]`, differentiable in `x`, `gamma` and `beta`. The batch statistics come back too
 * (for the moving averages and for probes); they carry no gradient.
 */
export function batchNormTrain(x: tf.Tensor2D, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): BatchNormTrainResult {
  // Outside the custom op: tensors made inside it are freed when it returns, and these are
  // wanted afterwards. The op closes over them, so no gradient flows through them. Two passes,
  // as tf.moments: the mean, then the mean square of the centred values.
  const mean = columnMeans(x);
  const centred = tf.sub(x, mean) as tf.Tensor2D;
  const variance = columnMeans(tf.square(centred) as tf.Tensor2D);
  const op = tf.customGrad((_xIn, gammaIn, betaIn, saveIn) => {
    const save = saveIn as tf.GradSaveFunc;
    const inv = tf.rsqrt(tf.add(variance, epsilon));
    const xHat = tf.mul(centred, inv);
    save([xHat, inv, gammaIn as tf.Tensor]);
    return {
      value: tf.add(tf.mul(xHat, gammaIn as tf.Tensor), betaIn as tf.Tensor),
      gradFunc: (dy, saved) => {
        const [savedXHat, savedInv, savedGamma] = saved as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D];
        const n = dy.shape[0]!;
        const meanDy = columnMeans(dy as tf.Tensor2D);
        const meanDyXHat = columnMeans(tf.mul(dy, savedXHat) as tf.Tensor2D);
        // dx = gamma / sqrt(var + eps) · (dy − mean(dy) − xHat · mean(dy · xHat)), the usual closed form.
        const centredDy = tf.sub(dy, tf.add(meanDy, tf.mul(savedXHat, meanDyXHat)));
        const dx = tf.mul(centredDy, tf.mul(savedGamma, savedInv));
        return [dx, tf.mul(meanDyXHat, n), tf.mul(meanDy, n)];
      },
    };
  });
  const y = op(x, gamma, beta) as tf.Tensor2D;
  return { y, mean, variance };
}

/**
 * Mean softmax cross-entropy of `logits` `[batch, classes]` against one-hot `targets` (float32,
 * same shape), differentiable in `logits`: `d loss / d logits = (softmax − targets) / batch`.
 */
export function softmaxCrossEntropyMean(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  // Targets are closed over rather than passed in: they need no gradient, and customGrad would
  // want one (a zeros kernel) for every input. Saved, because the forward scope frees the rest.
  const op = tf.customGrad((zIn, saveIn) => {
    const save = saveIn as tf.GradSaveFunc;
    const z = zIn as tf.Tensor2D;
    const logProbs = tf.sub(z, tf.logSumExp(z, 1, true));
    save([logProbs, targets]);
    // −Σ t · log p, averaged over the batch, as one reduction.
    const value = tf.div(tf.sum(tf.mul(targets, logProbs)), -z.shape[0]!) as tf.Scalar;
    return {
      value,
      gradFunc: (dy, saved) => {
        const [savedLogProbs, savedTargets] = saved as [tf.Tensor2D, tf.Tensor2D];
        const scale = tf.div(dy, savedLogProbs.shape[0]!);
        return tf.mul(tf.sub(tf.exp(savedLogProbs), savedTargets), scale);
      },
    };
  });
  return op(logits) as tf.Scalar;
}

/** Activations a Dense layer can apply inside its own kernel (tfjs' fused matMul). */
export type FusedActivation = 'linear' | 'relu';

/**
 * `activation(x · kernel + bias)` for `x` `[batch, in]`, one fused kernel forward, with a
 * hand-written backward pass. `inputGrad: false` when `x` is the network's input: its gradient
 * (a `[batch, in]` matMul) is then never computed.
 *
 * Why: autodiff takes the weight and input gradients with transposed matMuls, which tfjs'
 * WebAssembly backend runs about 9× slower than a transpose followed by a plain matMul (2.9 ms
 * against 0.37 ms for the first layer's `[784, 128]` gradient at batch 32). WebGL transposes
 * for free while indexing, so there the flags stay.
 */
export function denseTrain(x: tf.Tensor2D, kernel: tf.Tensor, bias: tf.Tensor, activation: FusedActivation, inputGrad: boolean): tf.Tensor2D {
  const transposeInShader = tf.getBackend() === 'webgl';
  const weightGrad = (input: tf.Tensor2D, dz: tf.Tensor2D) => (transposeInShader ? tf.matMul(input, dz, true, false) : tf.matMul(tf.transpose(input), dz));
  const inputGradOf = (dz: tf.Tensor2D, w: tf.Tensor2D) => (transposeInShader ? tf.matMul(dz, w, false, true) : tf.matMul(dz, tf.transpose(w)));
  const backward = (dy: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor2D => (activation === 'relu' ? tf.mul(dy, tf.step(y)) : dy);
  if (!inputGrad) {
    const op = tf.customGrad((wIn, bIn, saveIn) => {
      const save = saveIn as tf.GradSaveFunc;
      const y = tf.fused.matMul({ a: x, b: wIn as tf.Tensor2D, bias: bIn as tf.Tensor, activation }) as tf.Tensor2D;
      save([x, y]);
      return {
        value: y,
        gradFunc: (dy, saved) => {
          const [savedX, savedY] = saved as [tf.Tensor2D, tf.Tensor2D];
          const dz = backward(dy as tf.Tensor2D, savedY);
          return [weightGrad(savedX, dz), tf.sum(dz, 0)];
        },
      };
    });
    return op(kernel, bias) as tf.Tensor2D;
  }
  const op = tf.customGrad((xIn, wIn, bIn, saveIn) => {
    const save = saveIn as tf.GradSaveFunc;
    const y = tf.fused.matMul({ a: xIn as tf.Tensor2D, b: wIn as tf.Tensor2D, bias: bIn as tf.Tensor, activation }) as tf.Tensor2D;
    save([xIn as tf.Tensor, wIn as tf.Tensor, y]);
    return {
      value: y,
      gradFunc: (dy, saved) => {
        const [savedX, savedW, savedY] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        const dz = backward(dy as tf.Tensor2D, savedY);
        return [inputGradOf(dz, savedW), weightGrad(savedX, dz), tf.sum(dz, 0)];
      },
    };
  });
  return op(x, kernel, bias) as tf.Tensor2D;
}
