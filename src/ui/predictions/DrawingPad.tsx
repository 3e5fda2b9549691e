import { useId, useRef } from 'react';
import { DATASET_SPECS, type DatasetId } from '../../data/datasets';
import { PAD } from './padCanvas';
import { PadResult } from './PadResult';
import { usePadPen } from './usePadPen';
import { usePadPrediction } from './usePadPrediction';

interface DrawingPadProps {
  dataset: DatasetId;
  runId: string;
  runName: string;
}

/**
 * A pad to draw on with a mouse, finger or pen (or the keyboard: arrows move the pen, Space lifts
 * and lowers it); the selected run's probabilities follow the drawing live. The drawing goes
 * through MNIST's own preprocessing first (see `preprocessDrawing`), shown beside it.
 */
export function DrawingPad({ dataset, runId, runName }: DrawingPadProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { answer, pending, ask, clear, lastAsk } = usePadPrediction(canvas, runId, dataset);
  const { pen, setPen, handlers } = usePadPen(canvas, ask, lastAsk);
  const helpId = useId();

  const title = DATASET_SPECS[dataset].title;
  return (
    <section className="section-view" aria-labelledby="pad-heading">
      <h3 id="pad-heading">Draw your own</h3>
      <p className="view-caption">
        Draw {dataset === 'mnist' ? 'a digit' : 'a piece of clothing'} and watch the run&apos;s probabilities change as you draw. Before the network sees it,
        your drawing is treated as {title} was: cropped, scaled to fit 20 × 20 pixels, and centred by its centre of mass in 28 × 28 (shown on the right). Try a
        sloppy one, or a letter: the network always answers with one of its ten classes.
      </p>
      <div className="pad-row">
        <div className="pad-wrap">
          <div className="pad-canvas">
            <canvas
              ref={canvas}
              className="drawing-pad"
              width={PAD}
              height={PAD}
              tabIndex={0}
              role="application"
              aria-label="Drawing pad"
              aria-describedby={helpId}
              {...handlers}
              onBlur={() => setPen((p) => ({ ...p, shown: false }))}
            />
            {pen.shown ? (
              <span
                className={pen.down ? 'pad-pen down' : 'pad-pen'}
                aria-hidden="true"
                style={{ left: `${(pen.x / PAD) * 100}%`, top: `${(pen.y / PAD) * 100}%` }}
              />
            ) : null}
          </div>
          <p id={helpId} className="field-hint">
            Mouse, finger or pen: draw. Keyboard: focus the pad, move the pen with the arrow keys, press Space to put it down (it draws as it moves) and Space
            again to lift it. {pen.shown ? (pen.down ? 'Pen down: drawing.' : 'Pen up: moving.') : ''}
          </p>
          <button type="button" onClick={clear}>
            Clear
          </button>
        </div>
        <PadResult answer={answer} pending={pending} dataset={dataset} runName={runName} />
      </div>
    </section>
  );
}
