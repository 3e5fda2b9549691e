import type { RunRecord } from '../runs/runRecord';
import { inputMismatchText } from './InputMismatchNotes';

/** Beside a run's name: a short flag when its evaluation images were scaled unlike its training images (the note above the charts explains). */
export function RunScalingFlag({ run }: { run: RunRecord }) {
  if (!inputMismatchText(run)) return null;
  return <span className="run-flag">⚠ Evaluation images scaled differently from training images</span>;
}
