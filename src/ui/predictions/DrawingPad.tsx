import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { DATASET_SPECS, type DatasetId } from '../../data/datasets';
import { preprocessDrawing } from '../../data/preprocessDrawing';
import { useApp } from '../StoreContext';
import { DigitCanvas } from './DigitCanvas';
import { ProbabilityBars } from './ProbabilityBars';

/** The pad's size in canvas pixels: 10 per MNIST pixel. */
const PAD = 280;
/** A stroke about 2.2 MNIST pixels wide, as MNIST's pen strokes are once scaled. */
const PEN_WIDTH = 22;
/** How far an arrow key moves the keyboard pen: one MNIST pixel. */
const KEY_STEP = 10;
/** Predictions while drawing are asked at most this often. */
const LIVE_MS = 150;

interface DrawingPadProps {
  dataset: DatasetId;
  runId: string;
  runName: string;
}

type Answer = { probabilities: Float32Array; pixels: Float32Array } | { message: string } | null;

/**
 * A pad to draw on with a mouse, finger or pen (or the keyboard: arrows move the pen, Space lifts
 * and lowers it); the selected run's probabilities follow the drawing live. The drawing goes
 * through MNIST's own preprocessing first (see `preprocessDrawing`), shown beside it.
 */
export function DrawingPad({ dataset, runId, runName }: DrawingPadProps) {
  const predict = useApp((s) => s.predict);
  const canvas = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);
  const asked = useRef(0);
  const lastAsk = useRef(0);
  const [answer, setAnswer] = useState<Answer>(null);
  /** A question is on its way to the worker: what is shown may be of an older drawing. */
  const [pending, setPending] = useState(false);
  const [pen, setPen] = useState({ x: PAD / 2, y: PAD / 2, down: false, shown: false });
  const helpId = useId();

  const clear = useCallback(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, PAD, PAD);
    asked.current += 1;
    setAnswer(null);
    setPending(false);
  }, []);
  useEffect(clear, [clear]);
  // A drawing is asked about afresh for another run or dataset.
  useEffect(() => setAnswer(null), [runId, dataset]);

  /** Preprocesses what is drawn and asks the run about it; only the newest answer is shown. */
  const ask = useCallback(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    lastAsk.current = performance.now();
    const rgba = ctx.getImageData(0, 0, PAD, PAD).data;
    const ink = new Float32Array(PAD * PAD);
    for (let i = 0; i < ink.length; i++) ink[i] = rgba[i * 4]! / 255;
    const pre = preprocessDrawing(ink, PAD, PAD);
    const id = ++asked.current;
    if (!pre.ok) {
      setAnswer({ message: pre.message });
      setPending(false);
      return;
    }
    setPending(true);
    const show = (next: Answer) => {
      if (id !== asked.current) return;
      setAnswer(next);
      setPending(false);
    };
    // The worker takes its own copy (transferred); this one stays to be shown.
    predict(runId, { kind: 'drawing', pixels: pre.pixels.slice() }).then(
      (r) => show(r.probabilities ? { probabilities: r.probabilities, pixels: pre.pixels } : { message: 'The run gave no probabilities.' }),
      (e: unknown) => show({ message: e instanceof Error ? e.message : String(e) }),
    );
  }, [predict, runId]);

  const line = (from: { x: number; y: number }, to: { x: number; y: number }) => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = PEN_WIDTH;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x, to.y);
    ctx.stroke();
    if (performance.now() - lastAsk.current > LIVE_MS) ask();
  };

  /** The pointer's position in canvas pixels (the canvas may be shown smaller than 280). */
  const at = (e: PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * PAD, y: ((e.clientY - r.top) / r.height) * PAD };
  };

  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    const p = at(e);
    last.current = p;
    line(p, p);
  };
  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!last.current) return;
    const p = at(e);
    line(last.current, p);
    last.current = p;
  };
  const onPointerUp = () => {
    if (!last.current) return;
    last.current = null;
    ask();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>) => {
    const moves: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    const move = moves[e.key];
    if (move) {
      e.preventDefault();
      const next = {
        x: Math.min(PAD - 1, Math.max(0, pen.x + move[0] * KEY_STEP)),
        y: Math.min(PAD - 1, Math.max(0, pen.y + move[1] * KEY_STEP)),
      };
      if (pen.down) line(pen, next);
      setPen({ ...pen, ...next, shown: true });
    } else if (e.key === ' ' || e.key === 'Enter') {
      e.preventDefault();
      if (!pen.down) line(pen, pen);
      else ask();
      setPen({ ...pen, down: !pen.down, shown: true });
    }
  };

  const title = DATASET_SPECS[dataset].title;
  return (
    <section className="section-view" aria-labelledby="pad-heading">
      <h3 id="pad-heading">Draw your own</h3>
      <p className="view-caption">
        Draw {dataset === 'mnist' ? 'a digit' : 'a piece of clothing'} and watch the run&apos;s probabilities change as you
        draw. Before the network sees it, your drawing is treated as {title} was: cropped, scaled to fit 20 × 20 pixels, and
        centred by its centre of mass in 28 × 28 (shown on the right). Try a sloppy one, or a letter: the network always
        answers with one of its ten classes.
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
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onPointerCancel={onPointerUp}
            onKeyDown={onKeyDown}
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
            Mouse, finger or pen: draw. Keyboard: focus the pad, move the pen with the arrow keys, press Space to put it down
            (it draws as it moves) and Space again to lift it.{' '}
            {pen.shown ? (pen.down ? 'Pen down: drawing.' : 'Pen up: moving.') : ''}
          </p>
          <button type="button" onClick={clear}>
            Clear
          </button>
        </div>
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
      </div>
    </section>
  );
}
