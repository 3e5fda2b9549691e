import type { PlotMark } from './plotTypes';

/** The names of a plot's marks above it, each with a sample of its line, band or bar. */
export function PlotLegend<R>({ marks }: { marks: readonly PlotMark<R>[] }) {
  const listed = marks.filter((m) => m.kind !== 'line' || m.inLegend !== false);
  return (
    <ul className="chart-legend plot-legend">
      {listed.map((m) => (
        <li key={m.key} className="plot-legend-item">
          <svg width={22} height={12} viewBox="0 0 22 12" aria-hidden="true">
            {m.kind === 'line' ? (
              <line x1={1} x2={21} y1={6} y2={6} stroke={m.color} strokeWidth={3} strokeDasharray={m.dash} />
            ) : (
              <rect x={5} y={0} width={12} height={12} fill={m.color} fillOpacity={m.kind === 'band' ? 0.35 : 1} stroke={m.color} />
            )}
          </svg>
          <span>{m.name}</span>
        </li>
      ))}
    </ul>
  );
}
