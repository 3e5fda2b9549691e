import { useMemo } from 'react';
import type { Probe } from '../../engine/probe';
import { hiddenBlocks, type HiddenBlock } from '../../engine/layers/blocks';
import { bnPartner, hasBatchNorm } from '../../runs/bnPartner';
import { selectInsideView, selectProbes, selectRuns } from '../../store/selectors';
import { useApp } from '../StoreContext';

/** "Beside it" choices besides a run's id: its twin (automatic), or nothing. */
export const AUTO = 'auto';
export const NONE = 'none';

/** One empty list, so a run without probes does not look changed at every render. */
const NO_PROBES: readonly Probe[] = [];
/** One empty list of blocks, for no run. */
const NO_BLOCKS: readonly HiddenBlock[] = [];

/**
 * What "Inside BatchNorm" shows, from the store's view settings made valid: the probed runs, the
 * run looked into and the one beside it (with their probes), and the hidden layer and unit.
 */
export function useInsideSelection() {
  const runs = useApp(selectRuns);
  const probes = useApp(selectProbes);
  const view = useApp(selectInsideView);

  const probed = useMemo(() => runs.filter((r) => (probes[r.id]?.length ?? 0) > 0), [runs, probes]);
  // By default the newest run with BatchNorm: the tutorial pair then shows BN on the left, its twin beside it.
  const run = probed.find((r) => r.id === view.runId) ?? probed.filter((r) => hasBatchNorm(r.config)).at(-1) ?? probed.at(-1) ?? null;
  const partner = run ? bnPartner(run, runs, (r) => r.id in probes) : null;
  // The run beside it: its twin (automatic), one chosen, or none; a chosen run since deleted falls back to the twin.
  const chosen = probed.find((r) => r.id === view.pairId && r.id !== run?.id) ?? null;
  const pairChoice = view.pairId === NONE ? NONE : chosen ? chosen.id : AUTO;
  const pair = !run || pairChoice === NONE ? null : (chosen ?? partner);

  const runProbes = (run && probes[run.id]) || NO_PROBES;
  const pairProbes = (pair && probes[pair.id]) || NO_PROBES;
  const runLayers = run?.config.model.layers;
  const layers = useMemo(() => (runLayers ? hiddenBlocks(runLayers) : NO_BLOCKS), [runLayers]);
  const layer = Math.min(view.layer, Math.max(0, layers.length - 1));
  const units = layers[layer]?.units ?? 0;
  const unit = Math.min(view.unit, Math.max(0, units - 1));
  const pairLayers = pair?.config.model.layers;
  const pairBlock = useMemo(() => (pairLayers ? hiddenBlocks(pairLayers)[layer] : undefined), [pairLayers, layer]);
  return { probed, run, partner, pairChoice, pair, runProbes, pairProbes, layers, pairBlock, layer, units, unit };
}
