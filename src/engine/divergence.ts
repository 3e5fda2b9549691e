import type { DivergenceState } from './snapshot';

/** `nonFinite`: a loss was NaN or infinite. `exploded`: the smoothed loss rose far above where it started. */
export type DivergenceReason = 'nonFinite' | 'exploded';

/**
 * A run has blown up when its smoothed loss exceeds both three times a uniform guess's loss
 * (3·ln 10 ≈ 6.9) and twice its first loss. Cross-entropy rarely reaches NaN (log-softmax stays
 * finite), so without this a learning rate of 1 would "train" on at a loss of 40.
 */
export const EXPLODED_LOSS_FLOOR = 3 * Math.log(10);
/** Steps before the explosion rule applies, and the weight of the newest loss in its average. */
const EXPLOSION_WARMUP_STEPS = 10;
const EXPLOSION_EMA_WEIGHT = 0.1;

export const initialDivergenceState = (): DivergenceState => ({ steps: 0, first: 0, ema: 0 });

/**
 * Tracks the smoothed loss; returns the step's verdict. Pure apart from `state`, which it updates
 * (pass a snapshot's to continue a run), so the rule is unit-tested alone.
 */
export function createDivergenceCheck(state: DivergenceState = initialDivergenceState()): (loss: number) => DivergenceReason | null {
  return (loss) => {
    if (!Number.isFinite(loss)) return 'nonFinite';
    state.steps += 1;
    if (state.steps === 1) {
      state.first = loss;
      state.ema = loss;
      return null;
    }
    state.ema += EXPLOSION_EMA_WEIGHT * (loss - state.ema);
    const limit = Math.max(EXPLODED_LOSS_FLOOR, 2 * state.first);
    return state.steps > EXPLOSION_WARMUP_STEPS && state.ema > limit ? 'exploded' : null;
  };
}
