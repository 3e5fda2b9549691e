import { useMemo } from 'react';
import type { Probe } from '../../engine/probe';
import { hiddenBlocks } from '../../engine/layers/blocks';
import type { RunRecord } from '../../runs/runRecord';
import { useThrottledValue } from '../useThrottledValue';
import { distributionDomain, distributionPoints, gammaBetaBars, gradientRows, modePoints, statsPoints } from './probeViews';

/** While a run trains, each view shows its newest probes at most this often (a probe arrives several times a second). */
const REDRAW_INTERVAL_MS = 1000;
/** Between the redraws of successive views: each is its own main-thread task of a few tens of ms, with frames drawn between. */
const REDRAW_STAGGER_MS = 120;

interface InsideChartsInput {
  run: RunRecord | null;
  pair: RunRecord | null;
  runProbes: readonly Probe[];
  pairProbes: readonly Probe[];
  layer: number;
  unit: number;
  /** Off screen the views keep what they show. */
  onScreen: boolean;
}

/**
 * The data of each "Inside BatchNorm" view for the run (and the one beside it) at `layer` and
 * `unit`, each throttled on its own: on screen each redraws at most once a second, in turn.
 */
export function useInsideCharts({ run, pair, runProbes, pairProbes, layer, unit, onScreen }: InsideChartsInput) {
  // Keyed on the configs, not the run records: a record is replaced at every delivery of steps,
  // and redrawing these charts then (recharts, several per view) starved the page's main thread.
  const runConfig = run?.config ?? null;
  const pairConfig = pair?.config ?? null;
  const charts = useMemo(() => {
    const dist = distributionPoints(runProbes, layer, unit);
    const pairDist = distributionPoints(pairProbes, layer, Math.min(unit, (pairConfig ? (hiddenBlocks(pairConfig.model.layers)[layer]?.units ?? 1) : 1) - 1));
    const last = runProbes.at(-1);
    return {
      dist: { run: dist, pair: pairDist, axis: distributionDomain([dist, pairDist]) },
      stats: statsPoints(runProbes, layer, unit),
      bars: { bars: gammaBetaBars(last, layer), step: last?.step ?? 0 },
      modes: modePoints(runProbes),
      grads: {
        run: runConfig ? gradientRows(last, runConfig) : [],
        pair: pairConfig ? gradientRows(pairProbes.at(-1), pairConfig) : [],
        step: last?.step ?? 0,
        pairStep: pairProbes.at(-1)?.step ?? 0,
      },
    };
  }, [runProbes, pairProbes, layer, unit, runConfig, pairConfig]);
  const viewKey = `${run?.id}|${pair?.id}|${layer}|${unit}`;
  const throttle = (k: number) => ({ hold: !onScreen, intervalMs: REDRAW_INTERVAL_MS, delayMs: k * REDRAW_STAGGER_MS, viewKey });
  // Each chart redraws in a task of its own: the run's and its partner's distributions too, and the mean and variance (together they made a 50 ms task).
  const dist = useThrottledValue(charts.dist, throttle(0));
  const pairDist = useThrottledValue(charts.dist, throttle(1));
  const meanStats = useThrottledValue(charts.stats, throttle(2));
  const varianceStats = useThrottledValue(charts.stats, throttle(3));
  const bars = useThrottledValue(charts.bars, throttle(4));
  const modes = useThrottledValue(charts.modes, throttle(5));
  const grads = useThrottledValue(charts.grads, throttle(6));
  return { dist, pairDist, meanStats, varianceStats, bars, modes, grads };
}
