import type { InputStats } from '../../engine/inputStats';

/** Statistics of a run whose training images were divided by 255 twice (the notebook pitfall) and whose evaluation images were not. */
export const MISMATCHED_INPUT_STATS: InputStats = {
  train: { mean: 0.000513, std: 0.00121, max: 1 / 255, images: 50_000 },
  validation: { mean: 0.1325, std: 0.3105, max: 1, images: 10_000 },
  test: { mean: 0.1325, std: 0.3105, max: 1, images: 10_000 },
  validationIsTest: true,
};
