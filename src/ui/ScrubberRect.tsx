import type { useChartScrubber } from './useChartScrubber';

interface ScrubberRectProps {
  area: { x: number; y: number; width: number; height: number };
  /** What the scrubber's handlers and focus come from (`useChartScrubber`). */
  scrubber: Pick<ReturnType<typeof useChartScrubber>, 'focused' | 'handlers'>;
  /** Whether there is anything to step along: otherwise out of the tab order. */
  active: boolean;
  label: string;
  min: number;
  max: number;
  now: number;
  valueText: string;
}

/**
 * The transparent slider over a chart's plot area that the pointer and the arrow keys move a
 * readout along (see `useChartScrubber`), outlined while it has focus. Shared by the recharts
 * metric charts and our own SVG plots, so both read the same to a keyboard and a screen reader.
 */
export function ScrubberRect({ area, scrubber, active, label, min, max, now, valueText }: ScrubberRectProps) {
  return (
    <rect
      className="chart-scrubber"
      x={area.x}
      y={area.y}
      width={area.width}
      height={area.height}
      fill="transparent"
      stroke={scrubber.focused ? '#1a1a1a' : 'none'}
      strokeDasharray="4 3"
      tabIndex={active ? 0 : -1}
      role="slider"
      aria-label={label}
      aria-orientation="horizontal"
      aria-valuemin={min}
      aria-valuemax={max}
      aria-valuenow={now}
      aria-valuetext={valueText}
      {...scrubber.handlers}
    />
  );
}
