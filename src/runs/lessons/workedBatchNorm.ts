/**
 * BatchNorm's arithmetic for one unit, step by step, as the seed tutorial writes it: the batch
 * mean μ = (1/m) Σ xᵢ, the batch variance σ² = (1/m) Σ (xᵢ − μ)², each input normalised
 * x̂ᵢ = (xᵢ − μ) / √(σ² + ε), then scaled and shifted, yᵢ = γ·x̂ᵢ + β. In inference mode μ and σ²
 * are the moving averages gathered in training instead. Plain numbers (float64), no tfjs: the
 * lesson recomputes it at every keystroke.
 */

export interface BnWorking {
  /** The mean and the (biased, divide-by-m) variance BatchNorm normalises with. */
  mean: number;
  variance: number;
  /** √(σ² + ε). */
  std: number;
  /** Per input: xᵢ − μ, x̂ᵢ and yᵢ. */
  deviations: number[];
  normalised: number[];
  outputs: number[];
}

/** One unit in training mode: normalised with the batch's own statistics. `inputs` must not be empty. */
export function batchNormTrainWorking(inputs: readonly number[], gamma: number, beta: number, epsilon: number): BnWorking {
  const m = inputs.length;
  const mean = inputs.reduce((t, x) => t + x, 0) / m;
  const variance = inputs.reduce((t, x) => t + (x - mean) ** 2, 0) / m;
  return withStatistics(inputs, mean, variance, gamma, beta, epsilon);
}

/** One unit in inference mode: normalised with the moving mean and variance, whatever the batch. */
export function batchNormInferWorking(
  inputs: readonly number[],
  movingMean: number,
  movingVariance: number,
  gamma: number,
  beta: number,
  epsilon: number,
): BnWorking {
  return withStatistics(inputs, movingMean, movingVariance, gamma, beta, epsilon);
}

function withStatistics(inputs: readonly number[], mean: number, variance: number, gamma: number, beta: number, epsilon: number): BnWorking {
  const std = Math.sqrt(variance + epsilon);
  const deviations = inputs.map((x) => x - mean);
  const normalised = deviations.map((d) => d / std);
  return { mean, variance, std, deviations, normalised, outputs: normalised.map((n) => gamma * n + beta) };
}

/** The moving statistics after one more training step on this batch: `moving = momentum · moving + (1 − momentum) · batch` (Keras). */
export function nextMoving(moving: number, batch: number, momentum: number): number {
  return momentum * moving + (1 - momentum) * batch;
}
