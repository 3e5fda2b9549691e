import { defaultExperiment } from '../../engine/config';
import { emptySeries } from '../../store/stepSeries';
import type { RunRecord } from '../runRecord';

/** A completed run of the default experiment with nothing recorded yet; tests set what they are about. */
export function blankRun(patch: Partial<RunRecord> = {}): RunRecord {
  return {
    id: 'r',
    name: 'run',
    colorIndex: 0,
    visible: true,
    groupId: null,
    queueSlot: 0,
    config: defaultExperiment(),
    status: 'completed',
    createdAt: 0,
    totalSteps: 0,
    stepsPerEpoch: 0,
    trainCount: 0,
    series: emptySeries(),
    timeMarks: [],
    epochs: [],
    learningRateMarks: [],
    progress: null,
    test: null,
    message: null,
    backend: null,
    ...patch,
  };
}
