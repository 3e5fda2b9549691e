import { CHART_COLORS } from './chartColors';
import { formatTick } from './chartLine';
import type { Readout } from './chartReadout';
import { readoutLeft, type PixelScale } from './seriesGeometry';

const READOUT_FONT = 12;
const READOUT_ROW = 16;
/** Approximate width of a character of the readout, to size its box without measuring text. */
const READOUT_CHAR = 7;
/** Length of the colour swatch before each row: the text itself stays dark, since orange or yellow text is unreadable on white. */
const SWATCH = 14;

interface ReadoutMarkProps {
  readout: Readout;
  sx: PixelScale;
  area: { x: number; y: number; width: number; height: number };
  xLabel: string;
}

/** A vertical guide at the cursor and a box with the values there, on the side with more room. */
export function ReadoutMark({ readout, sx, area, xLabel }: ReadoutMarkProps) {
  const px = sx(readout.x);
  if (px === undefined || !Number.isFinite(px)) return null;
  const header = `${xLabel} ${formatTick(readout.x)}`;
  const texts = [header, ...readout.rows.map((r) => `${r.label}: ${r.value}`)];
  const width = Math.max(...texts.map((t) => t.length)) * READOUT_CHAR + SWATCH + 22;
  const height = texts.length * READOUT_ROW + 8;
  const left = readoutLeft(px, width, area);
  const top = area.y + 4;
  return (
    <g className="chart-readout" pointerEvents="none">
      <line x1={px} x2={px} y1={area.y} y2={area.y + area.height} stroke={CHART_COLORS.marker} strokeWidth={1} />
      <rect x={left} y={top} width={width} height={height} rx={4} fill="#fff" fillOpacity={0.95} stroke={CHART_COLORS.marker} strokeWidth={1} />
      {texts.map((t, i) => {
        const y = top + 4 + (i + 0.5) * READOUT_ROW;
        const row = i > 0 ? readout.rows[i - 1] : undefined;
        return (
          <g key={i}>
            {row ? <line x1={left + 8} x2={left + 8 + SWATCH} y1={y} y2={y} stroke={row.color} strokeWidth={3} /> : null}
            <text x={left + 8 + (row ? SWATCH + 6 : 0)} y={y} dominantBaseline="central" fontSize={READOUT_FONT} fontWeight={row ? 400 : 700} fill="#1a1a1a">
              {t}
            </text>
          </g>
        );
      })}
    </g>
  );
}
