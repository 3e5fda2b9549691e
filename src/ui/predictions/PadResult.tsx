import type { DatasetId } from '../../data/datasets';
import { DigitCanvas } from './DigitCanvas';
import { ProbabilityBars } from './ProbabilityBars';
import type { PadAnswer } from './usePadPrediction';

interface PadResultProps {
  answer: PadAnswer;
  /** A question is on its way: what is shown may be of an older drawing. */
  pending: boolean;
  dataset: DatasetId;
  runName: string;
}

/** What the run says about the drawing: the 28 × 28 image it saw and its probabilities, or why there are none. */
export function PadResult({ answer, pending, dataset, runName }: PadResultProps) {
  return (
    <div className="pad-result" aria-live="polite" aria-busy={pending} data-testid="pad-result">
      {answer && 'probabilities' in answer ? (
        <>
          <figure className="digit-figure">
            <DigitCanvas pixels={answer.pixels} max={1} scale={4} label="Your drawing as the network sees it, 28 × 28" />
            <figcaption>What the network sees</figcaption>
          </figure>
          <ProbabilityBars probabilities={answer.probabilities} dataset={dataset} caption={`What ${runName} says your drawing is`} />
        </>
      ) : answer ? (
        <p className="pad-message" data-testid="pad-message">
          {answer.message}
        </p>
      ) : (
        <p className="muted">Nothing drawn yet.</p>
      )}
    </div>
  );
}
