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
  // wanted afterwards. The op closes over them, so no gradient flows through them.
  const moments = tf.moments(x, 0);
  const mean = moments.mean as tf.Tensor1D;
  const variance = moments.variance as tf.Tensor1D;
  const op = tf.customGrad((xIn, gammaIn, betaIn, saveIn) => {
    const save = saveIn as tf.GradSaveFunc;
    const inv = tf.rsqrt(tf.add(variance, epsilon));
    const xHat = tf.mul(tf.sub(xIn as tf.Tensor2D, mean), inv);
    save([xHat, inv, gammaIn as tf.Tensor]);
    return {
      value: tf.add(tf.mul(xHat, gammaIn as tf.Tensor), betaIn as tf.Tensor),
      gradFunc: (dy, saved) => {
        const [savedXHat, savedInv, savedGamma] = saved as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D];
        const n = dy.shape[0]!;
        const dBeta = tf.sum(dy, 0);
        const dGamma = tf.sum(tf.mul(dy, savedXHat), 0);
        // dx = gamma / sqrt(var + eps) · (dy − mean(dy) − xHat · mean(dy · xHat)), the usual closed form.
        const centred = tf.sub(dy, tf.add(tf.div(dBeta, n), tf.mul(savedXHat, tf.div(dGamma, n))));
        const dx = tf.mul(centred, tf.mul(savedGamma, savedInv));
        return [dx, dGamma, dBeta];
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
