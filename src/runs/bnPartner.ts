import type { ExperimentConfig } from '../engine/config';
import { hasLayer } from '../engine/layers/edits';
import { withBatchNorm } from './comparison';
import type { RunRecord } from './runRecord';

/** Whether the network has BatchNorm anywhere (on the input or in a hidden layer). */
export const hasBatchNorm = (config: ExperimentConfig): boolean => hasLayer(config.model.layers, 'batchNorm');

/** JSON with object keys sorted, so two equal configs built in different orders compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The run that is `run` with BatchNorm the other way round and every other setting the same (the
 * pair a "with and without BatchNorm" comparison trains): one of its own comparison group first,
 * else the newest such run; null if there is none. `among` limits the candidates (e.g. runs with probes).
 */
export function bnPartner(run: RunRecord, runs: readonly RunRecord[], among: (r: RunRecord) => boolean = () => true): RunRecord | null {
  const bn = hasBatchNorm(run.config);
  const key = canonical(withBatchNorm(run.config, false));
  const partners = runs.filter((r) => r.id !== run.id && among(r) && hasBatchNorm(r.config) !== bn && canonical(withBatchNorm(r.config, false)) === key);
  return partners.find((r) => run.groupId !== null && r.groupId === run.groupId) ?? partners.at(-1) ?? null;
}
