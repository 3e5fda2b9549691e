import { runColor, runDash } from '../runs/runPalette';
import type { RunRecord } from '../runs/runRecord';

/** A short line in the run's colour and dash, as it is drawn on the charts. */
export function RunSwatch({ run }: { run: Pick<RunRecord, 'colorIndex'> }) {
  const dash = runDash(run.colorIndex);
  return (
    <svg className="swatch" width="24" height="10" aria-hidden="true">
      <line x1="0" y1="5" x2="24" y2="5" stroke={runColor(run.colorIndex)} strokeWidth="4" strokeDasharray={dash || undefined} />
    </svg>
  );
}
