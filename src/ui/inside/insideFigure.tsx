import { useRef, type ReactElement, type ReactNode } from 'react';
import { CartesianGrid, ResponsiveContainer, XAxis } from 'recharts';
import { CHART_COLORS } from '../chartColors';
import { useMountTurn } from '../useMountTurn';

interface InsideFigureProps {
  id: string;
  title: string;
  /** Points drawn, for tests (`data-points`). */
  points: number;
  /** The shorter plot of the two side by side. */
  small?: boolean;
  /** Shown above the plot, e.g. while there is nothing to draw. */
  note?: ReactNode;
  /** The recharts chart. */
  children: ReactElement;
}

/**
 * The frame every Inside BatchNorm chart shares: a labelled figure with its caption and a plot
 * that fills its box. The plot (recharts) mounts once near the screen, in its turn (useMountTurn):
 * its box keeps its height meanwhile.
 */
export function InsideFigure({ id, title, points, small = false, note, children }: InsideFigureProps) {
  const plot = useRef<HTMLDivElement>(null);
  const mounted = useMountTurn(plot);
  return (
    <figure className="chart inside-chart" id={id} aria-labelledby={`${id}-title`} data-points={points}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      {note}
      <div ref={plot} className={small ? 'inside-plot inside-plot-small' : 'inside-plot'}>
        {mounted ? (
          <ResponsiveContainer width="100%" height="100%">
            {children}
          </ResponsiveContainer>
        ) : null}
      </div>
    </figure>
  );
}

/**
 * The grid and the training-step x axis of a chart over probes. Elements, not components:
 * recharts finds its axes among the chart's direct children by type. Every chart here sets
 * `interval={0}` on its axes: recharts then draws the ticks its scale gives without measuring each
 * label in the page (a forced layout per new label, several per redraw while training).
 */
export const stepAxes = (): ReactElement[] => [
  <CartesianGrid key="grid" stroke={CHART_COLORS.grid} strokeDasharray="3 3" />,
  <XAxis
    key="x"
    dataKey="step"
    type="number"
    domain={['dataMin', 'dataMax']}
    allowDecimals={false}
    interval={0}
    label={{ value: 'Training step', position: 'insideBottom', offset: -12 }}
  />,
];
