import { useMemo } from 'react';
import { CHART_COLORS, VALIDATION_DASH } from './chartColors';
import type { ChartLine } from './chartLine';

export interface LegendEntry {
  key: string;
  label: string;
  color: string;
  dash?: string | undefined;
}

/** What the curves of `lines` are: one run's three styles, or each run in its colour and dash. */
export function legendEntries(lines: readonly ChartLine[]): LegendEntry[] {
  if (lines.length === 1) {
    return [
      { key: 'raw', label: 'Training (per step)', color: CHART_COLORS.raw },
      { key: 'smooth', label: 'Training (smoothed)', color: CHART_COLORS.smooth },
      { key: 'validation', label: 'Validation (per epoch)', color: CHART_COLORS.validation, dash: VALIDATION_DASH },
    ];
  }
  return lines.map((l) => ({ key: l.id, label: l.name, color: l.color, dash: l.dash || undefined }));
}

/** legendEntries(lines), the same array for as long as the entries stay the same (lines change at every delivery of steps). */
export function useLegendEntries(lines: readonly ChartLine[]): LegendEntry[] {
  const entries = legendEntries(lines);
  const key = entries.map((e) => `${e.key}|${e.label}|${e.color}|${e.dash ?? ''}`).join('\n');
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the entries' content: `entries` is a new array at every render.
  return useMemo(() => entries, [key]);
}

/**
 * The legend, as recharts' <Legend content> (so recharts makes room for it above the plot). It
 * keeps recharts' class names, which the PNG export reads. The curves are drawn by SeriesLayer,
 * not recharts' <Line>, so recharts has no legend entries of its own to show.
 */
export function ChartLegend({ entries }: { entries: readonly LegendEntry[] }) {
  if (entries.length === 0) return null;
  return (
    <ul className="recharts-default-legend chart-legend">
      {entries.map((e) => (
        <li key={e.key} className="recharts-legend-item">
          <svg className="recharts-surface" width={22} height={12} viewBox="0 0 22 12" aria-hidden="true">
            <line x1={1} x2={21} y1={6} y2={6} stroke={e.color} strokeWidth={3} strokeDasharray={e.dash} />
          </svg>
          <span className="recharts-legend-item-text">{e.label}</span>
        </li>
      ))}
    </ul>
  );
}
