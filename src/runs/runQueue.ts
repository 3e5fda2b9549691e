import type { ExperimentConfig } from '../engine/config';
import type { RunPlan } from './comparison';
import { nextColorIndex } from './runPalette';
import { runName, uniqueName } from './runName';
import { isActiveStatus, newRunId, newRunRecord, type RunRecord } from './runRecord';

/** Some run trains (or is paused, or starting). */
export const hasActive = (runs: readonly RunRecord[]) => runs.some((r) => isActiveStatus(r.status));
/** Some run trains or waits its turn: a new plan must wait. */
export const hasWaiting = (runs: readonly RunRecord[]) => runs.some((r) => isActiveStatus(r.status) || r.status === 'queued');

/**
 * The records of a plan's runs as they enter the list after `existing`: each with a name unique
 * among all runs, the next free colour, one group id when the plan has several runs, and the queue
 * slot of its group (slot 0 starts now, the others are queued).
 */
export function plannedRuns(plan: RunPlan, existing: readonly RunRecord[]): RunRecord[] {
  const groupId = plan.flat().length > 1 ? newRunId() : null;
  const taken = new Set(existing.map((r) => r.name));
  const colors = existing.map((r) => r.colorIndex);
  return plan.flatMap((group, slot) =>
    group.map((config: ExperimentConfig) => {
      const name = uniqueName(runName(config), taken);
      taken.add(name);
      const color = nextColorIndex(colors);
      colors.push(color);
      return newRunRecord(config, name, color, groupId, slot);
    }),
  );
}

/** The ids of the queued runs to start now: with nothing training, those of the lowest queue slot (all together); else none. */
export function nextSlotIds(runs: readonly RunRecord[]): Set<string> {
  if (hasActive(runs)) return new Set();
  const queued = runs.filter((r) => r.status === 'queued');
  if (queued.length === 0) return new Set();
  const slot = Math.min(...queued.map((r) => r.queueSlot));
  return new Set(queued.filter((r) => r.queueSlot === slot).map((r) => r.id));
}
