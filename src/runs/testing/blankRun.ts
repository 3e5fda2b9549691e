import { defaultExperiment } from '../../engine/config';
import { newRunRecord, type RunRecord } from '../runRecord';

/** A completed run of the default experiment with nothing recorded yet; tests set what they are about. */
export function blankRun(patch: Partial<RunRecord> = {}): RunRecord {
  return { ...newRunRecord(defaultExperiment(), 'run', 0, null, 0), id: 'r', status: 'completed', createdAt: 0, ...patch };
}
