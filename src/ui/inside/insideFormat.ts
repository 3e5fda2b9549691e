import { CHART_COLORS } from '../chartColors';

/** Okabe–Ito colours of the Inside BatchNorm charts (see chartColors.ts), named for what they draw. */
export const INSIDE_COLORS = {
  /** The chosen unit: its median line, batch statistics, inference mode. */
  unit: CHART_COLORS.smooth,
  unitBand: CHART_COLORS.raw,
  /** The whole layer; moving statistics; training mode. */
  layer: CHART_COLORS.validation,
  /** Third series (the gap, beta). */
  other: '#009E73',
} as const;

/** A number for an axis or a tooltip: 3 significant digits, or an exponent for the very small or large; NaN as "n/a". */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return 'n/a';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e5) return v.toExponential(1);
  return String(Number(v.toPrecision(3)));
}

/** Dots on a line only while there are few points: with five probes a bare line hides where they are. */
export const showsDots = (points: number) => points <= 30;
