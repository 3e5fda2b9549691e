import { useEffect, useState } from 'react';
import { describeError } from '../../data/dataError';
import type { ExperimentConfig } from '../../engine/config';
import type { WorkedBatchAnswer } from '../../store/lessonSlice';
import { selectDataReady } from '../../store/selectors';
import { useApp } from '../StoreContext';

/** A worked batch being asked for, its answer (`id`: a new number for each answer), or why there is none. */
export type WorkedBatchState = { status: 'waiting' } | { status: 'ready'; answer: WorkedBatchAnswer; id: number } | { status: 'error'; message: string };

let answers = 0;

/**
 * Asks the worker for the worked batch of unit `unit` of the first BatchNorm layer on the first
 * test images: in run `runId`'s trained network, or (null) in `config`'s network as it starts.
 * Asks again when any of them changes (a late answer to an older question is dropped).
 */
export function useWorkedBatch(runId: string | null, config: ExperimentConfig, unit: number | null): WorkedBatchState {
  const ready = useApp(selectDataReady);
  const ask = useApp((s) => s.askWorkedBatch);
  const [state, setState] = useState<WorkedBatchState>({ status: 'waiting' });
  useEffect(() => {
    if (!ready || unit === null) return;
    let current = true;
    setState({ status: 'waiting' });
    ask({ runId, config, bnLayer: 0, unit, start: 0 }).then(
      (answer) => current && setState({ status: 'ready', answer, id: ++answers }),
      (error: unknown) => current && setState({ status: 'error', message: describeError(error) }),
    );
    return () => {
      current = false;
    };
  }, [ready, ask, runId, config, unit]);
  return state;
}
