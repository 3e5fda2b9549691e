import { useMemo } from 'react';
import { expandComparison, type ComparisonSetup, type RunPlan } from '../runs/comparison';
import { parseVariation } from '../runs/variationText';
import { failure, success, type Result } from '../result';
import { selectComparison, selectTrainImages } from '../store/selectors';
import { useApp } from './StoreContext';
import { useValidation } from './useValidation';

/** A comparison ready to train: its setup and the runs it expands to, in queue slots. */
export interface PlannedComparison {
  setup: ComparisonSetup;
  plan: RunPlan;
}

/** The comparison form read against the experiment form: the runs it would train, or why it cannot. */
export function useComparison(): Result<PlannedComparison> {
  const form = useValidation();
  const comparison = useApp(selectComparison);
  const trainImages = useApp(selectTrainImages);
  return useMemo(() => {
    if (!form.ok) return failure('Fix the highlighted settings first.');
    const parsed = parseVariation(comparison.setting, comparison.values, form.config, trainImages);
    if (!parsed.ok) return parsed;
    const setup: ComparisonSetup = {
      base: form.config,
      variation: parsed.value,
      schedule: comparison.schedule,
      alsoWithoutBn: comparison.alsoWithoutBn && comparison.setting !== 'batchNorm',
    };
    return success({ setup, plan: expandComparison(setup) });
  }, [form, comparison, trainImages]);
}
