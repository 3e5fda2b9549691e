import type { InputStats, PixelStats } from '../engine/inputStats';

/**
 * Evaluation inputs whose mean, spread or largest pixel differ from the training inputs' by this
 * factor or more are "scaled differently". MNIST's own test and training images differ by ~1%.
 */
export const MISMATCH_FACTOR = 2;

/** How many times larger `a` is than `b` (≥ 1 either way), or Infinity when one is 0 and the other not; 1 when both are 0. */
function factorBetween(a: number, b: number): number {
  if (a === b) return 1;
  if (a <= 0 || b <= 0) return Number.POSITIVE_INFINITY;
  return Math.max(a / b, b / a);
}

/** The evaluation set differs markedly from the training set in mean, spread or maximum. */
export function differsMarkedly(evaluation: PixelStats, train: PixelStats): boolean {
  return (
    factorBetween(evaluation.mean, train.mean) >= MISMATCH_FACTOR ||
    factorBetween(evaluation.std, train.std) >= MISMATCH_FACTOR ||
    factorBetween(evaluation.max, train.max) >= MISMATCH_FACTOR
  );
}

/** "255", "2.5": a factor for people. */
const formatFactor = (f: number) => (f >= 10 ? Math.round(f).toLocaleString('en-US') : String(Number(f.toFixed(1))));

/** A pixel value in 3 significant digits, e.g. 0.131, 0.000514, 33.4. */
const formatPixel = (v: number) => (v === 0 ? '0' : String(Number(v.toPrecision(3))));

/**
 * A warning in plain words when the evaluation inputs (validation, test) were scaled differently
 * from the training inputs, e.g. "Your test images are 259× brighter on average than your training
 * images…"; null when they match. `inputBatchNorm`: the model normalises its input with BatchNorm,
 * which the warning then names.
 */
export function describeInputMismatch(stats: InputStats, inputBatchNorm: boolean): string | null {
  const sets: Array<{ words: string; stats: PixelStats }> = stats.validationIsTest
    ? [{ words: 'test', stats: stats.test }]
    : [
        { words: 'validation', stats: stats.validation },
        { words: 'test', stats: stats.test },
      ];
  const off = sets.filter((s) => differsMarkedly(s.stats, stats.train));
  if (off.length === 0) return null;
  const subject = `Your ${off.map((s) => s.words).join(' and ')} images`;
  const evaluation = off[0]!.stats;
  const train = stats.train;
  const ratio = train.mean > 0 ? evaluation.mean / train.mean : Number.POSITIVE_INFINITY;
  const how =
    ratio >= MISMATCH_FACTOR
      ? `are ${Number.isFinite(ratio) ? `${formatFactor(ratio)}× ` : ''}brighter on average than your training images`
      : ratio <= 1 / MISMATCH_FACTOR
        ? `are ${ratio > 0 ? `${formatFactor(1 / ratio)}× ` : ''}darker on average than your training images`
        : 'have pixel values spread differently from your training images';
  const numbers = `mean pixel ${formatPixel(evaluation.mean)} against ${formatPixel(train.mean)}, largest ${formatPixel(evaluation.max)} against ${formatPixel(train.max)}`;
  const consequence = inputBatchNorm
    ? 'BatchNorm on the input then sees values it never saw in training, and its moving statistics no longer fit.'
    : 'The network then sees values it never saw in training.';
  return `${subject} ${how} (${numbers}): they were scaled differently. ${consequence} Give both the same pixel scaling in the Data panel.`;
}
