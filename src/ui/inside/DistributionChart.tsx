import { formatValue, INSIDE_COLORS, showsDots } from './insideFormat';
import { InsideFigure, stepAxis, valueTicks } from './insideFigure';
import { InsidePlot } from './InsidePlot';
import type { PlotMark } from './plotTypes';
import type { DistributionPoint } from './probeViews';

interface DistributionChartProps {
  id: string;
  title: string;
  points: DistributionPoint[];
  /** 1-based unit number, for the legend. */
  unit: number;
  /** "Unit" or "Channel" (a Conv2D block's), for the legend. */
  unitWord?: string;
  /** Shared with the chart beside it, so the two can be compared by eye. */
  axis: { domain: [number, number]; ticks: number[] } | null;
  large: boolean;
}

const step = (p: DistributionPoint) => p.step;

/**
 * One run's inputs to the activation over training (Ioffe & Szegedy 2015, Figure 1): the chosen
 * unit's 15th–85th percentile band and median, and the same percentiles over the whole layer.
 */
export function DistributionChart({ id, title, points, unit, unitWord = 'Unit', axis, large }: DistributionChartProps) {
  const all = `All ${unitWord.toLowerCase()}s`;
  const marks: PlotMark<DistributionPoint>[] = [
    {
      kind: 'line',
      key: 'unitMedian',
      name: `${unitWord} ${unit}: median`,
      color: INSIDE_COLORS.unit,
      y: (p) => p.unitMedian,
      width: 2.5,
      dots: showsDots(points.length),
    },
    {
      kind: 'band',
      key: 'unitBand',
      name: `${unitWord} ${unit}: 15th–85th percentile`,
      color: INSIDE_COLORS.unitBand,
      low: (p) => p.unitBand[0],
      high: (p) => p.unitBand[1],
    },
    { kind: 'line', key: 'layerMedian', name: `${all}: median`, color: INSIDE_COLORS.layer, y: (p) => p.layerMedian },
    {
      kind: 'line',
      key: 'layerLow',
      name: `${all}: 15th and 85th`,
      readoutName: `${all}: 15th percentile`,
      color: INSIDE_COLORS.layer,
      y: (p) => p.layerLow,
      dash: '6 3',
    },
    { kind: 'line', key: 'layerHigh', name: `${all}: 85th percentile`, color: INSIDE_COLORS.layer, y: (p) => p.layerHigh, dash: '6 3', inLegend: false },
  ];
  const ticks = axis?.ticks ?? valueTicks(points.flatMap((p) => [p.unitBand[0], p.unitBand[1], p.layerLow, p.layerHigh]));
  return (
    <InsideFigure id={id} title={title} points={points.length} note={points.length === 0 ? <p className="field-hint">No probes of this layer yet.</p> : null}>
      <InsidePlot
        title={title}
        rows={points}
        x={step}
        xAxis={stepAxis(points)}
        left={{ ticks, format: formatValue, label: 'Input to activation' }}
        marks={marks}
        large={large}
      />
    </InsideFigure>
  );
}
