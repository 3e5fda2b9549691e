import { useState } from 'react';
import { AskError } from './AskError';
import { className, type DatasetId } from '../../data/datasets';
import { CLASSES, INPUT_UNITS } from '../../engine/config';
import { predictedClasses } from '../../engine/predictedClasses';
import { formatInt } from '../../format';
import { DigitCanvas } from './DigitCanvas';
import { usePrediction } from './usePrediction';

/** Test images per page of the grid. */
export const GRID_SIZE = 24;

interface PredictionGridProps {
  dataset: DatasetId;
  testCount: number;
  runId: string;
  runName: string;
}

/** A page of test images with the run's predicted class, its probability and the true class; wrong ones marked. */
export function PredictionGrid({ dataset, testCount, runId, runName }: PredictionGridProps) {
  const [start, setStart] = useState(0);
  const count = Math.min(GRID_SIZE, testCount - start);
  const asked = usePrediction(runId, { kind: 'test', dataset, start, count }, `${dataset}|${start}|${count}`);
  const result = asked.status === 'ready' ? asked.result : null;
  const predicted = result?.probabilities ? predictedClasses(result.probabilities) : null;
  const wrong = predicted && result?.labels ? predicted.filter((p, i) => p !== result.labels![i]).length : 0;

  return (
    <section className="section-view" aria-labelledby="grid-heading">
      <h3 id="grid-heading">Predictions on test images</h3>
      <p className="view-caption">
        Each image with the class the run predicts and how sure it is. Wrong ones have a dashed border and a ✗. Are the mistakes ones a person could make too?
      </p>
      <div className="view-controls grid-controls">
        <button type="button" onClick={() => setStart(Math.max(0, start - GRID_SIZE))} disabled={start === 0}>
          Previous {GRID_SIZE} images
        </button>
        <button type="button" onClick={() => setStart(start + GRID_SIZE)} disabled={start + GRID_SIZE >= testCount}>
          Next {GRID_SIZE} images
        </button>
        <span aria-live="polite">
          Images {formatInt(start)}–{formatInt(start + count - 1)} of {formatInt(testCount)}
          {predicted ? `: ${count - wrong} of ${count} right, ${wrong} wrong` : ''}
        </span>
      </div>
      <AskError asked={asked} />
      {result?.pixels && result.labels && result.probabilities && predicted ? (
        <ul className="prediction-grid" aria-label={`Predictions of ${runName}`}>
          {Array.from(predicted, (p, i) => {
            const truth = result.labels![i]!;
            const right = p === truth;
            const probability = result.probabilities![i * CLASSES + p]!;
            return (
              <li key={start + i} className={right ? 'grid-item' : 'grid-item wrong'} data-right={right}>
                <DigitCanvas pixels={result.pixels!.subarray(i * INPUT_UNITS, (i + 1) * INPUT_UNITS)} max={255} scale={3} label={`Test image ${start + i}`} />
                <span className="grid-text">
                  <span className={right ? 'verdict right' : 'verdict wrong'}>{right ? '✓' : '✗ Wrong:'}</span> <strong>{className(dataset, p)}</strong>{' '}
                  {Math.round(probability * 100)}%
                </span>
                <span className="grid-true">True: {className(dataset, truth)}</span>
              </li>
            );
          })}
        </ul>
      ) : asked.status === 'loading' ? (
        <p className="muted">Predicting…</p>
      ) : null}
    </section>
  );
}
