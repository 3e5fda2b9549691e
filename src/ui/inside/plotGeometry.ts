import { niceAxis } from './probeViews';

/**
 * Geometry of the Inside BatchNorm plots (InsidePlot.tsx): scales, ticks and SVG path data, as
 * plain functions. One path per series rather than a component per point or bar: recharts drew
 * these charts with a component tree per dot and bar, and mounting or redrawing one took a
 * main-thread task of 30–250 ms while a run trained (issue 16).
 */

/** A value → pixel map, and back. */
export interface LinearScale {
  (value: number): number;
  invert(pixel: number): number;
}

/** The linear map of `domain` onto `range` (pixels; `range[0]` > `range[1]` for a y axis). A domain of zero width maps to the range's middle. */
export function linearScale([d0, d1]: readonly [number, number], [r0, r1]: readonly [number, number]): LinearScale {
  const span = d1 - d0;
  const scale = ((v: number) => (span === 0 ? (r0 + r1) / 2 : r0 + ((v - d0) / span) * (r1 - r0))) as LinearScale;
  scale.invert = (p: number) => (r1 === r0 ? d0 : d0 + ((p - r0) / (r1 - r0)) * span);
  return scale;
}

/** Round ticks within [`min`, `max`] (the axis ends at the data, as training steps do); the value itself when they are equal. */
export function ticksWithin(min: number, max: number): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  return niceAxis(min, max).ticks.filter((t) => t >= min - 1e-9 * Math.abs(max - min) && t <= max + 1e-9 * Math.abs(max - min));
}

/** A point of a series, in data units; a non-finite `y` is a gap. */
export interface XY {
  x: number;
  y: number;
}

const finite = (...vs: number[]) => vs.every(Number.isFinite);
const f = (v: number) => v.toFixed(1);

/** Path data of a line through `points` (sorted by x); the pen lifts over a gap. */
export function linePath(points: readonly XY[], sx: LinearScale, sy: LinearScale): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (!finite(p.x, p.y)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${f(sx(p.x))},${f(sy(p.y))}`;
    pen = true;
  }
  return d;
}

/** Path data of the area between `low` and `high` over x (points with both finite only). */
export function bandPath(points: readonly { x: number; low: number; high: number }[], sx: LinearScale, sy: LinearScale): string {
  const kept = points.filter((p) => finite(p.x, p.low, p.high));
  if (kept.length === 0) return '';
  const top = kept.map((p, i) => `${i === 0 ? 'M' : 'L'}${f(sx(p.x))},${f(sy(p.high))}`).join('');
  const bottom = kept
    .slice()
    .reverse()
    .map((p) => `L${f(sx(p.x))},${f(sy(p.low))}`)
    .join('');
  return `${top}${bottom}Z`;
}

/** Path data of a dot of radius `r` pixels at each finite point, as two arcs. */
export function dotsPath(points: readonly XY[], r: number, sx: LinearScale, sy: LinearScale): string {
  let d = '';
  for (const p of points) {
    if (!finite(p.x, p.y)) continue;
    d += `M${f(sx(p.x) - r)},${f(sy(p.y))}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`;
  }
  return d;
}

/** Path data of a bar from 0 to each finite y, centred on x + `shift`, `width` wide (both in x units). */
export function barsPath(points: readonly XY[], shift: number, width: number, sx: LinearScale, sy: LinearScale): string {
  const zero = f(sy(0));
  let d = '';
  for (const p of points) {
    if (!finite(p.x, p.y)) continue;
    const left = f(sx(p.x + shift - width / 2));
    d += `M${left},${zero}H${f(sx(p.x + shift + width / 2))}V${f(sy(p.y))}H${left}Z`;
  }
  return d;
}
