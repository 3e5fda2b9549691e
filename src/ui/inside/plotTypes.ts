/** What an Inside BatchNorm plot draws (see InsidePlot.tsx): marks over rows, on axes. */

/** A series over the rows. `right`: on the right-hand y axis. `inLegend` false: drawn, not listed (the second line of a pair). */
export type PlotMark<R> =
  | {
      kind: 'line';
      key: string;
      name: string;
      color: string;
      y: (row: R) => number;
      width?: number;
      dash?: string;
      dots?: boolean;
      right?: boolean;
      inLegend?: boolean;
      /** Its name where the values under the pointer are listed, when it differs from the legend's. */
      readoutName?: string;
    }
  | { kind: 'band'; key: string; name: string; color: string; low: (row: R) => number; high: (row: R) => number }
  | { kind: 'bars'; key: string; name: string; color: string; y: (row: R) => number };

/** A y axis: its ticks (it runs from the first to the last), how they read, and its title. */
export interface PlotAxis {
  ticks: readonly number[];
  format: (value: number) => string;
  label?: string;
}

/** A horizontal line across the plot, e.g. where gamma starts (1). */
export interface PlotReference {
  y: number;
  right?: boolean;
  color: string;
  dash?: string;
}
