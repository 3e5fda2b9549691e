import { useMemo } from 'react';
import { normalisesInput } from '../engine/layers/blocks';
import { describeInputMismatch } from '../runs/inputMismatch';
import type { RunRecord } from '../runs/runRecord';
import { selectRuns } from '../store/selectors';
import { useApp } from './StoreContext';

/** The scaling warning of one run, or null when its inputs match (or their statistics are not known). */
export const inputMismatchText = (run: RunRecord): string | null =>
  run.inputStats ? describeInputMismatch(run.inputStats, normalisesInput(run.config.model.layers)) : null;

/**
 * A warning beside the charts for each run shown whose validation or test images were scaled
 * unlike its training images (from the pixel statistics the worker measured). Announced politely
 * as it appears; never a second `role="status"` (the notices hold that).
 */
export function InputMismatchNotes() {
  const runs = useApp(selectRuns);
  const warnings = useMemo(
    () =>
      runs.flatMap((run) => {
        const text = run.visible ? inputMismatchText(run) : null;
        return text ? [{ id: run.id, name: run.name, text }] : [];
      }),
    [runs],
  );
  return (
    <div className="notices input-mismatch" aria-live="polite">
      {warnings.map((w) => (
        <p key={w.id} className="notice notice-warning" data-testid="input-mismatch">
          <span>
            <strong>Scaling mismatch in {w.name}.</strong> {w.text}
          </span>
        </p>
      ))}
    </div>
  );
}
