import { useMemo } from 'react';
import { expandComparison, type ComparisonSetup, type RunPlan } from '../runs/comparison';
import { parseVariation } from '../runs/variationText';
import { selectComparison, selectTrainImages } from '../store/selectors';
import { useApp } from './StoreContext';
import { useValidation } from './useValidation';

export type ComparisonResult = { ok: true; setup: ComparisonSetup; plan: RunPlan } | { ok: false; error: string };

/** The comparison form read against the experiment form: the runs it would train, or why it cannot. */
export function useComparison(): ComparisonResult {
  const form = useValidation();
  const comparison = useApp(selectComparison);
  const trainImages = useApp(selectTrainImages);
  return useMemo(() => {
    if (!form.ok) return { ok: false, error: 'Fix the highlighted settings first.' };
    const parsed = parseVariation(comparison.setting, comparison.values, form.config, trainImages);
    if (!parsed.ok) return { ok: false, error: parsed.error };
    const setup: ComparisonSetup = {
      base: form.config,
      variation: parsed.variation,
      schedule: comparison.schedule,
      alsoWithoutBn: comparison.alsoWithoutBn && comparison.setting !== 'batchNorm',
    };
    return { ok: true, setup, plan: expandComparison(setup) };
  }, [form, comparison, trainImages]);
}
