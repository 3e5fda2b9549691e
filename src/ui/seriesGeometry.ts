/** Pixel geometry for the live charts' curves: plain functions of points and scales, no React. */

/** Data value → pixel, as recharts' axis scales give it (undefined outside what the scale knows). */
export type PixelScale = (value: number) => number | undefined;

/** Pixels beyond which a coordinate is clamped: a diverged run's 1e30 would otherwise overflow the SVG renderer. */
const FAR = 1e5;

const clampPixel = (v: number) => Math.max(-FAR, Math.min(FAR, v));

/**
 * SVG path data ("M x,y L x,y …") through `points`, sorted by x, with `value(p)` on the y axis.
 * A non-finite value (a diverged run's NaN) lifts the pen, so the line stops there rather than
 * jumping. One string instead of a component per point: a live chart redraws in well under a
 * millisecond.
 */
export function pathData<P extends { x: number }>(points: readonly P[], value: (p: P) => number, sx: PixelScale, sy: PixelScale): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    const v = value(p);
    const px = sx(p.x);
    const py = Number.isFinite(v) ? sy(v) : undefined;
    if (px === undefined || py === undefined || !Number.isFinite(px) || !Number.isFinite(py)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${clampPixel(px).toFixed(1)},${clampPixel(py).toFixed(1)}`;
    pen = true;
  }
  return d;
}

/** Index of the point whose x is nearest `x` in `points` sorted by x; -1 when there are none. */
export function nearestIndex(points: readonly { x: number }[], x: number): number {
  if (points.length === 0) return -1;
  let lo = 0;
  let hi = points.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.x < x) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && x - points[lo - 1]!.x <= points[lo]!.x - x) return lo - 1;
  return lo;
}

/** Index of the last point with x ≤ `x` in `points` sorted by x; -1 when none is. */
export function lastAtOrBefore(points: readonly { x: number }[], x: number): number {
  let found = -1;
  let lo = 0;
  let hi = points.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.x <= x) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * Tick values for an axis from 0 that holds `max`: a 1, 2, 2.5 or 5 step (times a power of ten)
 * giving at most `intervals` intervals, so labels stay short and the top is round. A `max` that is
 * not a positive finite number gives [0, 1].
 */
export function niceTicks(max: number, intervals = 5): number[] {
  if (!(max > 0 && Number.isFinite(max))) return [0, 1];
  const power = 10 ** Math.floor(Math.log10(max / intervals));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s * intervals >= max * (1 - 1e-12)) ?? 10 * power;
  const count = Math.ceil(max / step - 1e-9);
  return Array.from({ length: count + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}

/** Round x tick values from 0 to at most `xMax` (up to 5; whole numbers only when `integer`). */
export function xTicks(xMax: number, integer: boolean): number[] {
  const end = xMax > 0 ? xMax : 1;
  return niceTicks(end, 4).filter((t) => t <= end * (1 + 1e-9) && (!integer || Number.isInteger(t)));
}

/** Pixels between the cursor line and the readout box, and between the box and the chart's left edge. */
const READOUT_GAP = 8;
const EDGE = 2;

/**
 * Left edge of a readout box `width` wide for a cursor at pixel `px`: beside the cursor on the
 * side with more room, then moved in so it stays within the chart (left of the plot's right edge,
 * right of the chart's left edge), as it would otherwise be cut off on a narrow chart.
 */
export function readoutLeft(px: number, width: number, area: { x: number; width: number }): number {
  const beside = px > area.x + area.width / 2 ? px - width - READOUT_GAP : px + READOUT_GAP;
  return Math.max(EDGE, Math.min(beside, area.x + area.width - width));
}
