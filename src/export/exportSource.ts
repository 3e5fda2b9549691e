import type { ExperimentConfig } from '../engine/config';
import type { LearningRateMark } from '../runs/runRecord';

/** What an export writes out: a run's settings (or the form's), its name, and its mid-run learning-rate changes. */
export interface ExportSource {
  config: ExperimentConfig;
  /** The run's name, e.g. "BN · 128/64 · bs 32 · lr 1e-3"; the exported run is named after it. */
  name: string;
  /** Learning rates set while it trained: each applies from the step after `step` (steps done then). */
  learningRateMarks: readonly LearningRateMark[];
  /** Optional: the run's colour (its index in the palette), which its exported twin draws dashed. */
  colorIndex?: number;
}
