import type { TrainOutcome } from '../engine/train';

/** Why a run ended, in words for its row; null for a run that completed. */
export function outcomeMessage(outcome: TrainOutcome): string | null {
  switch (outcome.status) {
    case 'completed':
      return null;
    case 'stopped':
      return `Stopped at step ${outcome.steps}.`;
    case 'diverged':
      return outcome.reason === 'nonFinite'
        ? `Diverged at step ${outcome.step}: the loss became NaN or infinite. Try a smaller learning rate or BatchNorm.`
        : `Diverged at step ${outcome.step}: the loss rose to ${outcome.loss.toFixed(1)}, far above where it started. Try a smaller learning rate or BatchNorm.`;
  }
}

/** The message of a run halted because the GPU context was lost at `step`. */
export const backendLostMessage = (reason: string, step: number) => `${reason} at step ${step}. Continue on WebAssembly?`;
