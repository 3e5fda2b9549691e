import { useEffect, useState } from 'react';
import type { FeatureMapsAnswer } from '../../store/featureMapsSlice';
import { useApp } from '../StoreContext';

export type AskedMaps = { status: 'idle' } | { status: 'loading' } | { status: 'ready'; answer: FeatureMapsAnswer } | { status: 'error'; message: string };

/**
 * Asks the worker for test image `image` through `runId`'s final model whenever either changes
 * (null: nothing to ask); an answer to an older question is dropped.
 */
export function useFeatureMaps(runId: string | null, image: number | null): AskedMaps {
  const ask = useApp((s) => s.askFeatureMaps);
  const [asked, setAsked] = useState<AskedMaps>({ status: 'idle' });
  useEffect(() => {
    if (runId === null || image === null) {
      setAsked({ status: 'idle' });
      return;
    }
    let current = true;
    setAsked((a) => (a.status === 'ready' ? a : { status: 'loading' }));
    ask(runId, image).then(
      (answer) => current && setAsked({ status: 'ready', answer }),
      (error: unknown) => current && setAsked({ status: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      current = false;
    };
  }, [ask, runId, image]);
  return asked;
}
