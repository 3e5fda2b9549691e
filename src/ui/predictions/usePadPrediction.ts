import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { DatasetId } from '../../data/datasets';
import { preprocessDrawing } from '../../data/preprocessDrawing';
import { useApp } from '../StoreContext';
import { PAD, padInk } from './padCanvas';

/** The run's answer about the drawing, a message why there is none, or null before anything is asked. */
export type PadAnswer = { probabilities: Float32Array; pixels: Float32Array } | { message: string } | null;

/**
 * Asks run `runId` what the drawing on `canvas` is: `ask` preprocesses it as MNIST was and sends
 * it to the worker; only the newest answer is shown. `clear` blanks the pad (also on mount);
 * another run or dataset drops the answer. `lastAsk` holds when the last question went (ms, `performance.now`).
 */
export function usePadPrediction(canvas: RefObject<HTMLCanvasElement | null>, runId: string, dataset: DatasetId) {
  const predict = useApp((s) => s.predict);
  const asked = useRef(0);
  const lastAsk = useRef(0);
  const [answer, setAnswer] = useState<PadAnswer>(null);
  /** A question is on its way to the worker: what is shown may be of an older drawing. */
  const [pending, setPending] = useState(false);

  const clear = useCallback(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, PAD, PAD);
    asked.current += 1;
    setAnswer(null);
    setPending(false);
  }, [canvas]);
  useEffect(clear, [clear]);
  // A drawing is asked about afresh for another run or dataset.
  useEffect(() => setAnswer(null), [runId, dataset]);

  const ask = useCallback(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    lastAsk.current = performance.now();
    const pre = preprocessDrawing(padInk(ctx), PAD, PAD);
    const id = ++asked.current;
    if (!pre.ok) {
      setAnswer({ message: pre.message });
      setPending(false);
      return;
    }
    setPending(true);
    const show = (next: PadAnswer) => {
      if (id !== asked.current) return;
      setAnswer(next);
      setPending(false);
    };
    // The worker takes its own copy (transferred); this one stays to be shown.
    predict(runId, { kind: 'drawing', pixels: pre.pixels.slice() }).then(
      (r) => show(r.probabilities ? { probabilities: r.probabilities, pixels: pre.pixels } : { message: 'The run gave no probabilities.' }),
      (e: unknown) => show({ message: e instanceof Error ? e.message : String(e) }),
    );
  }, [canvas, predict, runId]);

  return { answer, pending, ask, clear, lastAsk };
}
