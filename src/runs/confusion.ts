import { CLASSES } from '../engine/config';
import { predictedClasses } from '../engine/predictedClasses';

/** A confusion matrix over some test images, with each class's accuracy. */
export interface Confusion {
  /** `counts[t][p]`: images of true class t predicted as p. 10x10. */
  counts: number[][];
  /** Per true class: how many there were and how many were predicted right. */
  perClass: Array<{ total: number; correct: number }>;
  /** Images counted (the sum of every cell). */
  total: number;
  correct: number;
}

/**
 * Counts predicted against true classes. `probabilities`: `[n * 10]` row-major; `labels`: `[n]`.
 * The predicted class is the most probable (the first on a tie).
 */
export function confusionMatrix(probabilities: Float32Array, labels: Uint8Array): Confusion {
  const n = labels.length;
  if (probabilities.length !== n * CLASSES) throw new Error(`Expected ${n * CLASSES} probabilities for ${n} labels, got ${probabilities.length}.`);
  const counts = Array.from({ length: CLASSES }, () => new Array<number>(CLASSES).fill(0));
  predictedClasses(probabilities).forEach((p, i) => (counts[labels[i]!]![p]! += 1));
  const perClass = counts.map((row, t) => ({ total: row.reduce((a, b) => a + b, 0), correct: row[t]! }));
  return { counts, perClass, total: n, correct: perClass.reduce((a, c) => a + c.correct, 0) };
}
