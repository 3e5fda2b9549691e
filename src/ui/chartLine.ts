/** One run's curve on a live chart, already mapped onto the chosen x axis. */
export interface ChartLine {
  id: string;
  name: string;
  color: string;
  dash: string;
  /** Thinned per-step values, sorted by x. */
  points: { x: number; raw: number; smooth: number }[];
  /** Validation value at the end of each epoch, sorted by x. */
  validation: { x: number; value: number }[];
  /** The run blew up: its last point is marked, so a learning-rate ladder shows where each run failed. */
  diverged: boolean;
}

/** A learning-rate change during a run, drawn as a vertical line. */
export interface ChartMark {
  x: number;
  learningRate: number;
}

/** Axis tick text: 3 significant digits, thousands as "k". */
export const formatTick = (v: number) => (Math.abs(v) >= 1000 ? `${Number((v / 1000).toPrecision(3))}k` : String(Number(v.toPrecision(3))));
