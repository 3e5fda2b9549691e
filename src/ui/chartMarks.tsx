import { ReferenceDot, ReferenceLine } from 'recharts';
import { formatLearningRate } from '../format';
import { CHART_COLORS } from './chartColors';
import type { ChartLine, ChartMark } from './chartLine';

// Plain functions returning recharts' own elements, not components of ours: the chart then holds
// exactly the ReferenceDot and ReferenceLine elements it always did.

/** A "✕ diverged" dot at the last point of each diverged line, drawn at the top edge (`yTop`) when the point is off the chart. */
export function divergedDots(lines: readonly ChartLine[], yTop: number) {
  return lines
    .filter((l) => l.diverged && l.points.length > 0)
    .map((l) => {
      const last = l.points[l.points.length - 1]!;
      return (
        <ReferenceDot
          key={`${l.id}-diverged`}
          x={last.x}
          y={Number.isFinite(last.smooth) ? Math.min(last.smooth, yTop) : yTop}
          r={6}
          fill="#fff"
          stroke={l.color}
          strokeWidth={3}
          ifOverflow="visible"
          label={{ value: '✕ diverged', position: 'top', fontSize: 12, fill: '#1a1a1a' }}
        />
      );
    });
}

/** A dashed vertical line labelled with the new rate at each learning-rate change. */
export function learningRateMarks(marks: readonly ChartMark[]) {
  return marks.map((m) => (
    <ReferenceLine
      key={`${m.x}-${m.learningRate}`}
      x={m.x}
      stroke={CHART_COLORS.marker}
      strokeDasharray="4 4"
      label={{ value: `lr ${formatLearningRate(m.learningRate)}`, position: 'insideTopRight', fontSize: 12 }}
    />
  ));
}
