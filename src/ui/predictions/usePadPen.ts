import { useRef, useState, type KeyboardEvent, type PointerEvent, type RefObject } from 'react';
import { drawStroke, PAD, type PadPoint } from './padCanvas';

/** How far an arrow key moves the keyboard pen: one MNIST pixel. */
const KEY_STEP = 10;
/** Predictions while drawing are asked at most this often. */
const LIVE_MS = 150;

/**
 * Drawing on the pad `canvas` with a mouse, finger or pen, or with the keyboard (arrows move the
 * pen, Space or Enter lowers and lifts it). Asks (`ask`) about the drawing while it grows, at most
 * every LIVE_MS since `lastAsk`, and when a stroke ends. Returns the keyboard pen (canvas pixels;
 * `shown` while the keyboard drives it), its setter, and the canvas's handlers.
 */
export function usePadPen(canvas: RefObject<HTMLCanvasElement | null>, ask: () => void, lastAsk: RefObject<number>) {
  const last = useRef<PadPoint | null>(null);
  const [pen, setPen] = useState({ x: PAD / 2, y: PAD / 2, down: false, shown: false });

  const line = (from: PadPoint, to: PadPoint) => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    drawStroke(ctx, from, to);
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

  return { pen, setPen, handlers: { onPointerDown, onPointerMove, onPointerUp, onPointerCancel: onPointerUp, onKeyDown } };
}
