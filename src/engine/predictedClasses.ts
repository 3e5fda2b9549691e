import { CLASSES } from './config';

/**
 * The most probable class of each row of `[count * 10]` probabilities (the first on a tie).
 * Pure, no tfjs: the page uses it too.
 */
export function predictedClasses(probabilities: Float32Array): Uint8Array {
  const count = probabilities.length / CLASSES;
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    let best = 0;
    for (let c = 1; c < CLASSES; c++) if (probabilities[i * CLASSES + c]! > probabilities[i * CLASSES + best]!) best = c;
    out[i] = best;
  }
  return out;
}
