import { useMemo } from 'react';
import { parseDraft, type DraftResult } from '../store/draft';
import { selectDraft, selectTrainImages } from '../store/selectors';
import { useApp } from './StoreContext';

/** The form's validation, recomputed only when the form or the data size changes. */
export function useValidation(): DraftResult {
  const draft = useApp(selectDraft);
  const trainImages = useApp(selectTrainImages);
  return useMemo(() => parseDraft(draft, trainImages), [draft, trainImages]);
}

export function fieldError(result: DraftResult, key: string): string | undefined {
  return result.ok ? undefined : result.errors[key];
}
