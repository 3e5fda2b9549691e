import { useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { useXAxisInverseScale } from 'recharts';
import { nearestIndex } from './seriesGeometry';

/**
 * The cursor of a chart's scrubber (the transparent slider over its plot area), in x units, or
 * null when none: it follows the pointer; with focus, the arrow keys, Page Up/Down, Home and End
 * step it along `reference`'s points (sorted by x) and Escape hides it. `invertX` turns a pixel
 * (from the SVG's left edge) into an x.
 * Returns the cursor, whether the scrubber has focus, and the handlers to put on it.
 */
export function useChartScrubber(reference: { points: readonly { x: number }[] } | null, invertX: ReturnType<typeof useXAxisInverseScale>) {
  const [cursor, setCursor] = useState<number | null>(null);
  const [focused, setFocused] = useState(false);
  const onPointerMove = (e: PointerEvent<SVGRectElement>) => {
    const svg = e.currentTarget.ownerSVGElement;
    if (!svg || !invertX) return;
    const x = Number(invertX(e.clientX - svg.getBoundingClientRect().left));
    if (Number.isFinite(x)) setCursor(x);
  };
  const onKeyDown = (e: KeyboardEvent<SVGRectElement>) => {
    if (!reference) return;
    const points = reference.points;
    const i = cursor === null ? points.length - 1 : nearestIndex(points, cursor);
    const page = Math.max(1, Math.round(points.length / 10));
    const next = {
      ArrowLeft: i - 1,
      ArrowDown: i - 1,
      ArrowRight: i + 1,
      ArrowUp: i + 1,
      PageDown: i - page,
      PageUp: i + page,
      Home: 0,
      End: points.length - 1,
    }[e.key];
    if (next === undefined) {
      if (e.key === 'Escape') setCursor(null);
      return;
    }
    e.preventDefault();
    setCursor(points[Math.max(0, Math.min(points.length - 1, next))]!.x);
  };
  const handlers = {
    onPointerMove,
    onPointerLeave: () => setCursor(null),
    onKeyDown,
    onFocus: () => {
      setFocused(true);
      if (reference && cursor === null) setCursor(reference.points[reference.points.length - 1]!.x);
    },
    onBlur: () => {
      setFocused(false);
      setCursor(null);
    },
  };
  return { cursor, focused, handlers };
}
