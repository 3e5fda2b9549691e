import { useRef, type ReactElement, type ReactNode } from 'react';
import { useMountTurn } from '../useMountTurn';
import { ticksWithin } from './plotGeometry';
import { niceAxis } from './probeViews';

interface InsideFigureProps {
  id: string;
  title: string;
  /** Points drawn, for tests (`data-points`). */
  points: number;
  /** The shorter plot of the two side by side. */
  small?: boolean;
  /** Shown above the plot, e.g. while there is nothing to draw. */
  note?: ReactNode;
  /** The plot (InsidePlot). */
  children: ReactElement;
}

/**
 * The frame every Inside BatchNorm chart shares: a labelled figure with its caption and a plot
 * that fills its box. The plot mounts once near the screen, in its turn (useMountTurn): a view
 * scrolled into sight or appearing with a first run mounts its charts one per frame, and charts
 * never seen cost nothing. Its box keeps its height meanwhile.
 */
export function InsideFigure({ id, title, points, small = false, note, children }: InsideFigureProps) {
  const plot = useRef<HTMLDivElement>(null);
  const mounted = useMountTurn(plot);
  return (
    <figure className="chart inside-chart" id={id} aria-labelledby={`${id}-title`} data-points={points}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      {note}
      <div ref={plot} className={small ? 'inside-plot inside-plot-small' : 'inside-plot'}>
        {mounted ? children : null}
      </div>
    </figure>
  );
}

/** The training-step x axis of a chart over probes: from the first probe's step to the last's. */
export function stepAxis(points: readonly { step: number }[]): { label: string; domain: [number, number]; ticks: number[] } {
  const first = points[0]?.step ?? 0;
  const last = points.at(-1)?.step ?? 1;
  return { label: 'Training step', domain: [first, last], ticks: ticksWithin(first, last) };
}

/** Round y ticks holding every finite value of `values` (and `include`, e.g. 0 for a variance); 0 to 1 when there are none. */
export function valueTicks(values: Iterable<number>, include: readonly number[] = []): number[] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of [...values, ...include]) {
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return lo > hi ? [0, 1] : niceAxis(lo, hi).ticks;
}
