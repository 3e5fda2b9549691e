import { useState } from 'react';
import { AskError } from './AskError';
import { className, type DatasetId } from '../../data/datasets';
import { formatInt, formatPercent } from '../../format';
import { NumberField } from '../NumberField';
import { PixelHeatMap } from './PixelHeatMap';
import { DigitCanvas } from './DigitCanvas';
import { usePrediction } from './usePrediction';
import { Verdict } from './Verdict';

interface DigitViewerProps {
  dataset: DatasetId;
  testCount: number;
  /** The run whose prediction to show with the image; null: the image alone. */
  runId: string | null;
}

/** One test image as a picture and as a heat map of its 784 values, with its label and (given a run) the prediction. */
export function DigitViewer({ dataset, testCount, runId }: DigitViewerProps) {
  const [text, setText] = useState('0');
  const n = Number(text);
  const valid = text.trim() !== '' && Number.isInteger(n) && n >= 0 && n < testCount;
  const error = valid ? undefined : `Test image must be a whole number from 0 to ${formatInt(testCount - 1)}`;
  const images = valid ? { kind: 'test' as const, dataset, start: n, count: 1 } : null;
  const asked = usePrediction(runId, images, `${dataset}|${n}`);
  const step = (by: number) => setText(String(Math.min(testCount - 1, Math.max(0, (valid ? n : 0) + by))));
  const result = asked.status === 'ready' ? asked.result : null;
  const label = result?.labels?.[0];
  const probabilities = result?.probabilities ?? null;
  const predicted = probabilities ? Array.from(probabilities).indexOf(Math.max(...probabilities)) : null;

  return (
    <section className="section-view" aria-labelledby="digit-viewer-heading">
      <h3 id="digit-viewer-heading">One test image, as a picture and as numbers</h3>
      <p className="view-caption">
        To the network an image is only these 784 numbers (28 × 28 pixels, 0 = no ink, 255 = full ink), fed in one row, each divided by 255. The heat map shows
        the same numbers as colours: dark where there is ink. Step through the images and notice how different two examples of one class can look.
      </p>
      <div className="view-controls">
        <NumberField label="Test image" value={text} onChange={setText} error={error} hint={`0 to ${formatInt(testCount - 1)}`} />
        <button type="button" onClick={() => step(-1)} disabled={valid && n === 0}>
          Previous image
        </button>
        <button type="button" onClick={() => step(1)} disabled={valid && n === testCount - 1}>
          Next image
        </button>
      </div>
      <AskError asked={asked} />
      {result?.pixels && label !== undefined ? (
        <div className="digit-views">
          <figure className="digit-figure">
            <DigitCanvas pixels={result.pixels} max={255} scale={8} label={`Test image ${n}: ${className(dataset, label)}`} />
            <figcaption>
              <span data-testid="digit-label">
                True class: <strong>{className(dataset, label)}</strong>
              </span>
              {probabilities && predicted !== null ? (
                <span data-testid="digit-prediction">
                  {' '}
                  · Predicted: <strong>{className(dataset, predicted)}</strong> ({formatPercent(probabilities[predicted]!)}){' '}
                  <Verdict right={predicted === label} />
                </span>
              ) : null}
            </figcaption>
          </figure>
          <PixelHeatMap pixels={result.pixels} label={`Heat map of test image ${n}`} />
        </div>
      ) : asked.status === 'loading' ? (
        <p className="muted">Loading…</p>
      ) : null}
    </section>
  );
}
