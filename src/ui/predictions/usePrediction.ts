import { useEffect, useState } from 'react';
import type { PredictionResult } from '../../store/predictionsSlice';
import type { PredictImages } from '../../worker/protocol';
import { useApp } from '../StoreContext';

export type Asked = { status: 'idle' } | { status: 'loading' } | { status: 'ready'; result: PredictionResult } | { status: 'error'; message: string };

/**
 * Asks the worker about `images` (null: nothing to ask) with `runId`'s model (null: images only)
 * whenever `key` changes; an answer to an older question is dropped. `key` must name everything
 * `images` holds, since a new `images` object each render must not ask again.
 */
export function usePrediction(runId: string | null, images: PredictImages | null, key: string): Asked {
  const predict = useApp((s) => s.predict);
  const [asked, setAsked] = useState<Asked>({ status: 'idle' });
  useEffect(() => {
    if (!images) {
      setAsked({ status: 'idle' });
      return;
    }
    let current = true;
    setAsked({ status: 'loading' });
    predict(runId, images).then(
      (result) => current && setAsked({ status: 'ready', result }),
      (error: unknown) => current && setAsked({ status: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `images` is described by `key`: a new object with the same key is the same question.
  }, [predict, runId, key]);
  return asked;
}
