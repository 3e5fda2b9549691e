import { memo, useMemo, useRef } from 'react';
import type { Probe } from '../../engine/probe';
import { BN_MOMENTUM } from '../../engine/config';
import { hiddenBlocks, type HiddenBlock } from '../../engine/layers/blocks';
import { PROBE_BATCH_SIZE, probeInterval } from '../../engine/probeSchedule';
import { bnPartner, hasBatchNorm } from '../../runs/bnPartner';
import type { RunRecord } from '../../runs/runRecord';
import { SelectField } from '../SelectField';
import { selectInsideView, selectModels, selectPresenter, selectProbes, selectRuns } from '../../store/selectors';
import { useApp } from '../StoreContext';
import { useOnScreen } from '../useOnScreen';
import { useThrottledValue } from '../useThrottledValue';
import { BatchStatsChart } from './BatchStatsChart';
import { BiasGradientTable } from './BiasGradientTable';
import { DistributionChart } from './DistributionChart';
import { GammaBetaChart } from './GammaBetaChart';
import { ModeDemoPanel } from './ModeDemoPanel';
import { ModesChart } from './ModesChart';
import { distributionDomain, distributionPoints, gammaBetaBars, gradientRows, modePoints, probeTimeShare, statsPoints, varianceShift } from './probeViews';
import '../sectionViews.css';
import './inside.css';

/** While a run trains, each view shows its newest probes at most this often (a probe arrives several times a second). */
const REDRAW_INTERVAL_MS = 1000;
/** Between the redraws of successive views: each is its own main-thread task of a few tens of ms, with frames drawn between. */
const REDRAW_STAGGER_MS = 120;

const AUTO = 'auto';
const NONE = 'none';


/** One empty list, so a run without probes does not look changed at every render. */
const NO_PROBES: readonly Probe[] = [];

// Memoised: the section re-renders at every delivery of steps, its charts only when their probes change.
const MemoDistributionChart = memo(DistributionChart);
const MemoBatchStatsChart = memo(BatchStatsChart);
const MemoGammaBetaChart = memo(GammaBetaChart);
const MemoModesChart = memo(ModesChart);
const MemoBiasGradientTable = memo(BiasGradientTable);
/** "Hidden layer 1: 128 units, BatchNorm before ReLU" (", dropout 0.5" when it has some). */
function layerLabel(run: RunRecord, block: HiddenBlock, i: number): string {
  const act = { relu: 'ReLU', sigmoid: 'sigmoid', tanh: 'tanh' }[block.fn];
  const norm = block.norm ? `${block.norm.kind === 'batchNorm' ? 'BatchNorm' : 'LayerNorm'} ${block.norm.position} ${act}` : `no BatchNorm, ${act}`;
  const dropout = block.dropout === null ? null : run.config.model.layers[block.dropout];
  return `Hidden layer ${i + 1}: ${block.units} units, ${norm}${dropout?.kind === 'dropout' ? `, dropout ${dropout.rate}` : ''}`;
}

/** One empty list of blocks, for no run. */
const NO_BLOCKS: readonly HiddenBlock[] = [];

/**
 * "Inside BatchNorm": what the probes saw in a run (and the run beside it): distributions of the
 * inputs to the activations over training, BatchNorm's batch against moving statistics, gamma and
 * beta, training against inference mode (with a demonstration on the final weights), and the
 * gradient a bias right before BatchNorm gets.
 */
export function InsideBatchNormSection() {
  const sectionRef = useRef<HTMLElement>(null);
  const runs = useApp(selectRuns);
  const probes = useApp(selectProbes);
  const onScreen = useOnScreen(sectionRef);
  const view = useApp(selectInsideView);
  const setView = useApp((s) => s.setInsideView);
  const models = useApp(selectModels);
  const large = useApp(selectPresenter);

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
  // Off screen the views keep what they show; on screen each redraws at most once a second, in turn.
  const viewKey = `${run?.id}|${pair?.id}|${layer}|${unit}`;
  const throttle = (k: number) => ({ hold: !onScreen, intervalMs: REDRAW_INTERVAL_MS, delayMs: k * REDRAW_STAGGER_MS, viewKey });
  const dist = useThrottledValue(charts.dist, throttle(0));
  // The mean and variance charts redraw apart: together they made a 50 ms task.
  const meanStats = useThrottledValue(charts.stats, throttle(1));
  const varianceStats = useThrottledValue(charts.stats, throttle(2));
  const bars = useThrottledValue(charts.bars, throttle(3));
  const modes = useThrottledValue(charts.modes, throttle(4));
  const grads = useThrottledValue(charts.grads, throttle(5));

  const hasLayers = layers.length > 0;
  const share = run ? probeTimeShare(runProbes, run.progress?.elapsedMs ?? 0) : null;
  const interval = run ? probeInterval(run.totalSteps) : 0;
  const block = layers[layer];
  const bnLayer = block?.norm?.kind === 'batchNorm' ? run?.config.model.layers[block.norm.index] : undefined;
  const layerHasBn = bnLayer !== undefined;
  const momentum = bnLayer?.kind === 'batchNorm' ? bnLayer.momentum : BN_MOMENTUM;
  // Dropout anywhere before this BatchNorm: inference (dropout off) feeds it other statistics than it learned.
  const dropoutBefore = block?.norm?.kind === 'batchNorm' && (run?.config.model.layers.slice(0, block.norm.index).some((l) => l.kind === 'dropout') ?? false);
  const shift = dropoutBefore ? varianceShift(runProbes.at(-1), layer) : null;

  return (
    <section ref={sectionRef} className="inside views-section panel" aria-labelledby="inside-heading" data-testid="inside-batchnorm">
      <h2 id="inside-heading">Inside BatchNorm</h2>
      <p className="view-caption">
        While a run trains, the page looks inside it every few steps on the same {PROBE_BATCH_SIZE} validation images,
        without changing it: what each layer passes to its activation, what BatchNorm computes, and what it learns. Compare
        a network with BatchNorm and the same network without it (the tutorial preset trains such a pair).
      </p>
      {!run ? (
        <p className="note" data-testid="inside-no-run">
          Train a run to look inside it. Only runs trained since this page was opened have these views.
        </p>
      ) : (
        <>
          <div className="view-controls inside-controls">
            <SelectField label="Inside run" value={run.id} options={probed.map((r) => ({ value: r.id, label: r.name }))} onChange={(runId) => setView({ runId })} />
            <SelectField
              label="Beside it"
              value={pairChoice}
              options={[
                { value: AUTO, label: partner ? `Its twin ${hasBatchNorm(partner.config) ? 'with' : 'without'} BatchNorm: ${partner.name}` : 'Its twin (none trained)' },
                ...probed.filter((r) => r.id !== run.id).map((r) => ({ value: r.id, label: r.name })),
                { value: NONE, label: 'Nothing' },
              ]}
              onChange={(v) => setView({ pairId: v === AUTO ? null : v })}
            />
            {hasLayers ? (
              <>
                <SelectField
                  label="Layer"
                  value={String(layer)}
                  options={layers.map((b, i) => ({ value: String(i), label: layerLabel(run, b, i) }))}
                  onChange={(v) => setView({ layer: Number(v), unit: 0 })}
                />
                <SelectField
                  label="Unit"
                  value={String(unit)}
                  options={Array.from({ length: units }, (_, u) => ({ value: String(u), label: `Unit ${u + 1} of ${units}` }))}
                  onChange={(v) => setView({ unit: Number(v) })}
                />
              </>
            ) : null}
          </div>
          <p className="inside-cost" data-testid="inside-cost">
            {runProbes.length} probes of this run, at most one every {interval} steps (fewer where probes are slow)
            {share !== null ? `; they took ${(share * 100).toFixed(1)}% of its training time` : ''}.
          </p>
          {!hasLayers ? (
            <p className="note">This run has no hidden layer: there is nothing inside to look at.</p>
          ) : (
            <>
              <section className="section-view" aria-labelledby="inside-dist-heading">
                <h3 id="inside-dist-heading">Distributions over training</h3>
                <p className="view-caption">
                  The band shows where the middle 70% of one unit&apos;s inputs to its activation lie on the probe images (15th
                  to 85th percentile), the solid line their median; the orange lines show the same for all units of the layer
                  together. With BatchNorm they stay centred and scaled, moved only by what it learns (gamma and beta); without
                  it they can drift as the layers below change, which Ioffe and Szegedy called internal covariate shift.
                </p>
                <div className="inside-grid">
                  <MemoDistributionChart id="inside-dist-run" title={`${run.name}: unit ${unit + 1}`} points={dist.run} unit={unit + 1} axis={dist.axis} large={large} />
                  {pair ? (
                    <MemoDistributionChart id="inside-dist-pair" title={`${pair.name}: unit ${unit + 1}`} points={dist.pair} unit={unit + 1} axis={dist.axis} large={large} />
                  ) : null}
                </div>
              </section>

              <section className="section-view" aria-labelledby="inside-stats-heading">
                <h3 id="inside-stats-heading">Batch statistics against moving statistics</h3>
                {layerHasBn ? (
                  <>
                    <p className="view-caption">
                      In training, BatchNorm normalises with the mean and variance of the batch in front of it (dots, which jump
                      from batch to batch). To predict, it uses moving averages of them instead (line), updated a little at every
                      step: with momentum {momentum} each step keeps {Number((momentum * 100).toPrecision(4))}% of the old value. Where the line lags behind the dots,
                      inference mode sees a different network from the one training saw.
                    </p>
                    {dropoutBefore ? (
                      <p className="view-caption" id="inside-variance-shift">
                        Dropout comes before this BatchNorm. In training it normalises inputs with units dropped out, and its moving
                        statistics learn them; in inference dropout is off, and what reaches it (dashed green line) has another
                        variance: the variance shift (Li et al., 2019).
                        {shift !== null ? ` At step ${runProbes.at(-1)!.step}, inference feeds it ${shift.toFixed(2)}× the variance it learned (mean over the layer's units).` : ''}
                      </p>
                    ) : null}
                    <div className="inside-grid">
                      <MemoBatchStatsChart
                        id="inside-mean"
                        title={`Mean of unit ${unit + 1}'s input to BatchNorm`}
                        points={meanStats}
                        stat="mean"
                        large={large}
                        showInference={dropoutBefore}
                      />
                      <MemoBatchStatsChart
                        id="inside-variance"
                        title={`Variance of unit ${unit + 1}'s input to BatchNorm`}
                        points={varianceStats}
                        stat="variance"
                        large={large}
                        showInference={dropoutBefore}
                      />
                    </div>
                    <p className="view-caption">
                      After normalising, BatchNorm multiplies each unit by gamma and adds beta, both learned like weights. They
                      start at 1 and 0; where they move away, the network has chosen its own scale and centre for that unit.
                    </p>
                    <MemoGammaBetaChart id="inside-gamma-beta" title={`Gamma and beta of every unit, layer ${layer + 1}, at step ${bars.step}`} bars={bars.bars} large={large} />
                  </>
                ) : (
                  <p className="note">This layer has no BatchNorm: choose a layer (or a run) with BatchNorm to see its statistics.</p>
                )}
              </section>

              <section className="section-view" aria-labelledby="inside-modes-heading">
                <h3 id="inside-modes-heading">Training mode against inference mode</h3>
                <p className="view-caption">
                  The same weights scored on the same probe images in two ways: training mode (BatchNorm uses these images&apos;
                  own statistics) and inference mode (the moving statistics, as when predicting). The green line is the gap. It
                  is largest early on, while the moving averages still remember the start; without BatchNorm the two are the
                  same and the gap is zero.
                </p>
                <MemoModesChart id="inside-modes" title={`Accuracy on the probe images, ${run.name}`} points={modes} large={large} />
                <ModeDemoPanel run={run} hasModel={run.id in models} />
              </section>

              <section className="section-view" aria-labelledby="inside-bias-heading">
                <h3 id="inside-bias-heading">A bias right before BatchNorm learns nothing</h3>
                <p className="view-caption">
                  The gradient tells each weight which way to move. A Dense layer&apos;s bias adds the same number to every image,
                  and BatchNorm right after it subtracts the batch mean, that number included: the bias changes nothing, so its
                  gradient is (almost) zero and it never learns. BatchNorm&apos;s beta does its job, which is why Keras code often
                  writes use_bias=False before BatchNorm. Without BatchNorm, or with BatchNorm after the activation, the bias
                  gets a gradient like any weight.
                </p>
                <div className="inside-tables">
                  <MemoBiasGradientTable id="inside-grads-run" caption={`${run.name}, at step ${grads.step}`} rows={grads.run} />
                  {pair ? <MemoBiasGradientTable id="inside-grads-pair" caption={`${pair.name}, at step ${grads.pairStep}`} rows={grads.pair} /> : null}
                </div>
              </section>
            </>
          )}
        </>
      )}
    </section>
  );
}
