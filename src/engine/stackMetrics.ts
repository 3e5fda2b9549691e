import * as tf from '@tensorflow/tfjs-core';

/** Most steps whose metrics wait on the device before they are read back together. */
export const MAX_PENDING_STEPS = 64;

/** Row counts the pending metrics are stacked to: powers of two up to MAX_PENDING_STEPS. */
export const METRIC_STACK_SIZES: readonly number[] = Array.from({ length: Math.log2(MAX_PENDING_STEPS) + 1 }, (_, i) => 2 ** i);

/**
 * `pending` steps' `[2]` metrics (loss, accuracy) as one `[rows, 2]` tensor, padded with zero
 * rows to the next size in METRIC_STACK_SIZES. WebGL compiles a program per number of inputs to a
 * stack: unpadded, a run met up to 64 of them (each 50-100 ms to compile under SwiftShader); padded,
 * 7, all compiled by the warm-up. The caller reads only the first `pending.length` rows and owns
 * the result; `pending` is left as it is.
 */
export function stackMetrics(pending: readonly tf.Tensor1D[]): tf.Tensor2D {
  if (pending.length === 0 || pending.length > MAX_PENDING_STEPS) throw new Error(`cannot stack ${pending.length} steps' metrics (1 to ${MAX_PENDING_STEPS})`);
  const rows = METRIC_STACK_SIZES.find((s) => s >= pending.length)!;
  return tf.tidy(() => {
    // One zero row, repeated: a single fill on the device rather than one per padded row.
    const padding: tf.Tensor1D[] = rows > pending.length ? new Array(rows - pending.length).fill(tf.zeros([2])) : [];
    return tf.stack([...pending, ...padding]) as tf.Tensor2D;
  });
}
