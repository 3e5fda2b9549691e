import { CHART_COLORS, VALIDATION_DASH } from './chartColors';
import type { ChartLine } from './chartLine';
import { pathData, type PixelScale } from './seriesGeometry';

/** One SVG path of a chart: `d` in pixels. */
export interface Stroke {
  key: string;
  d: string;
  color: string;
  width: number;
  dash?: string | undefined;
  opacity?: number;
}

export interface Dot {
  key: string;
  cx: number;
  cy: number;
  color: string;
  ring: boolean;
}

/** The strokes and validation dots of `lines`: one run in three styles, several runs in their own colours. */
export function drawing(lines: ChartLine[], sx: PixelScale, sy: PixelScale, lineScale: number): { strokes: Stroke[]; dots: Dot[] } {
  const strokes: Stroke[] = [];
  const dots: Dot[] = [];
  const single = lines.length === 1;
  for (const l of lines) {
    const validationDash = single ? VALIDATION_DASH : '2 4';
    if (single) strokes.push({ key: `${l.id}-raw`, d: pathData(l.points, (p) => p.raw, sx, sy), color: CHART_COLORS.raw, width: 1 * lineScale });
    strokes.push({
      key: `${l.id}-smooth`,
      d: pathData(l.points, (p) => p.smooth, sx, sy),
      color: single ? CHART_COLORS.smooth : l.color,
      width: 2.5 * lineScale,
      dash: single ? undefined : l.dash || undefined,
    });
    const validationColor = single ? CHART_COLORS.validation : l.color;
    strokes.push({
      key: `${l.id}-validation`,
      d: pathData(l.validation, (p) => p.value, sx, sy),
      color: validationColor,
      width: (single ? 2.5 : 1.5) * lineScale,
      dash: validationDash,
      ...(single ? {} : { opacity: 0.6 }),
    });
    l.validation.forEach((v, i) => {
      const cx = sx(v.x);
      const cy = Number.isFinite(v.value) ? sy(v.value) : undefined;
      if (cx !== undefined && cy !== undefined && Number.isFinite(cx) && Number.isFinite(cy))
        dots.push({ key: `${l.id}-v${i}`, cx, cy, color: validationColor, ring: !single });
    });
  }
  return { strokes, dots };
}
