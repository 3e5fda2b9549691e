import type { ExperimentConfig } from '../engine/config';
import { DEFAULT_INPUT_SCALE, INPUT_SCALE_RANGES } from '../engine/inputScale';

/**
 * The parts of a run's name for the robustness settings, only when they are not the defaults:
 * "init ×0.1", and "train 0–0.004 · eval 0–1" when either pixel scaling is not ÷255.
 */
export function robustnessNameParts(config: ExperimentConfig): string[] {
  const parts: string[] = [];
  const init = config.model.initScale ?? 1;
  if (init !== 1) parts.push(`init ×${init}`);
  const train = config.train.trainScale ?? DEFAULT_INPUT_SCALE;
  const evaluation = config.train.evalScale ?? DEFAULT_INPUT_SCALE;
  if (train !== DEFAULT_INPUT_SCALE || evaluation !== DEFAULT_INPUT_SCALE) {
    parts.push(`train ${INPUT_SCALE_RANGES[train]}`, `eval ${INPUT_SCALE_RANGES[evaluation]}`);
  }
  return parts;
}
