import type { ChartLine } from './chartLine';
import { lastAtOrBefore, nearestIndex } from './seriesGeometry';

/** One line of the values shown at a point of a chart. */
export interface ReadoutRow {
  label: string;
  value: string;
  color: string;
}

export interface Readout {
  /** The x the cursor snapped to (a point of the longest curve). */
  x: number;
  rows: ReadoutRow[];
}

/** Fraction of the x range a curve may end before the cursor and still be read there. */
const REACH = 1 / 150;

const formatValue = (v: number | undefined) => (v === undefined ? '—' : Number.isFinite(v) ? v.toFixed(4) : 'NaN');

/** The curve that reaches furthest right: the cursor moves along its points. */
export function longestLine(lines: readonly ChartLine[]): ChartLine | null {
  let best: ChartLine | null = null;
  for (const l of lines) {
    const end = l.points[l.points.length - 1]?.x;
    if (end !== undefined && (best === null || end > best.points[best.points.length - 1]!.x)) best = l;
  }
  return best;
}

/**
 * The values at x: one run shows its per-step, smoothed and last validation value; several runs
 * show each run's smoothed value (and last validation). A run that ended before x shows "—"
 * rather than its last value, which would pass for a value at x. Null when nothing is drawn.
 */
export function readoutAt(lines: readonly ChartLine[], x: number, xMax: number, colors: { raw: string; smooth: string; validation: string }): Readout | null {
  const longest = longestLine(lines);
  if (!longest) return null;
  const snapped = longest.points[nearestIndex(longest.points, x)]!.x;
  const reach = Math.max(xMax, snapped) * REACH;
  const at = (l: ChartLine) => {
    const p = l.points[nearestIndex(l.points, snapped)];
    return p && Math.abs(p.x - snapped) <= reach ? p : undefined;
  };
  const validation = (l: ChartLine) => l.validation[lastAtOrBefore(l.validation, snapped)]?.value;
  if (lines.length === 1) {
    const p = at(longest);
    const v = validation(longest);
    return {
      x: snapped,
      rows: [
        { label: 'Training (per step)', value: formatValue(p?.raw), color: colors.raw },
        { label: 'Training (smoothed)', value: formatValue(p?.smooth), color: colors.smooth },
        ...(v === undefined ? [] : [{ label: 'Validation (last epoch)', value: formatValue(v), color: colors.validation }]),
      ],
    };
  }
  return {
    x: snapped,
    rows: lines.map((l) => {
      const v = validation(l);
      return { label: l.name, value: `${formatValue(at(l)?.smooth)}${v === undefined ? '' : ` (validation ${formatValue(v)})`}`, color: l.color };
    }),
  };
}
