import { memo } from 'react';
import type { Probe } from '../../engine/probe';
import { BN_MOMENTUM } from '../../engine/config';
import type { HiddenBlock } from '../../engine/layers/blocks';
import { blockWords, normName } from './blockWords';
import type { RunRecord } from '../../runs/runRecord';
import { BatchStatsChart } from './BatchStatsChart';
import { GammaBetaChart } from './GammaBetaChart';
import { varianceShift, type gammaBetaBars, type statsPoints } from './probeViews';

// Memoised: the section re-renders at every delivery of steps, its charts only when their probes change.
const MemoBatchStatsChart = memo(BatchStatsChart);
const MemoGammaBetaChart = memo(GammaBetaChart);

interface BatchStatsViewProps {
  run: RunRecord;
  runProbes: readonly Probe[];
  /** The hidden layer shown (0-based) and its block, if it has one. */
  layer: number;
  block: HiddenBlock | undefined;
  /** 0-based. */
  unit: number;
  meanStats: ReturnType<typeof statsPoints>;
  varianceStats: ReturnType<typeof statsPoints>;
  bars: { bars: ReturnType<typeof gammaBetaBars>; step: number };
  large: boolean;
}

/**
 * "Batch statistics against moving statistics": a BatchNorm layer's batch and moving mean and
 * variance of one unit (one channel, over batch × height × width, in a Conv2D block), then its
 * gamma and beta.
 */
export function BatchStatsView({ run, runProbes, layer, block, unit, meanStats, varianceStats, bars, large }: BatchStatsViewProps) {
  const words = blockWords(block);
  const bnLayer = block?.norm?.kind === 'batchNorm' ? run.config.model.layers[block.norm.index] : undefined;
  const momentum = bnLayer?.kind === 'batchNorm' ? bnLayer.momentum : BN_MOMENTUM;
  // Dropout anywhere before this BatchNorm: inference (dropout off) feeds it other statistics than it learned.
  const dropoutBefore = block?.norm?.kind === 'batchNorm' && run.config.model.layers.slice(0, block.norm.index).some((l) => l.kind === 'dropout');
  const shift = dropoutBefore ? varianceShift(runProbes.at(-1), layer) : null;
  return (
    <section className="section-view" aria-labelledby="inside-stats-heading">
      <h3 id="inside-stats-heading">Batch statistics against moving statistics</h3>
      {bnLayer !== undefined ? (
        <>
          <p className="view-caption">
            In training, BatchNorm normalises with the mean and variance of the batch in front of it (dots, which jump from batch to batch)
            {block?.conv ? ', per channel, over every position of every image in it' : ''}. To predict, it uses moving averages of them instead (line), updated
            a little at every step: with momentum {momentum} each step keeps {Number((momentum * 100).toPrecision(4))}% of the old value. Where the line lags
            behind the dots, inference mode sees a different network from the one training saw.
          </p>
          {dropoutBefore ? (
            <p className="view-caption" id="inside-variance-shift">
              Dropout comes before this BatchNorm. In training it normalises inputs with units dropped out, and its moving statistics learn them; in inference
              dropout is off, and what reaches it (dashed green line) has another variance: the variance shift (Li et al., 2019).
              {shift !== null
                ? ` At step ${runProbes.at(-1)!.step}, inference feeds it ${shift.toFixed(2)}× the variance it learned (mean over the layer's ${words.units}).`
                : ''}
            </p>
          ) : null}
          <div className="inside-grid">
            <MemoBatchStatsChart
              id="inside-mean"
              title={`Mean of ${words.unit} ${unit + 1}'s input to BatchNorm`}
              points={meanStats}
              stat="mean"
              large={large}
              showInference={dropoutBefore}
            />
            <MemoBatchStatsChart
              id="inside-variance"
              title={`Variance of ${words.unit} ${unit + 1}'s input to BatchNorm`}
              points={varianceStats}
              stat="variance"
              large={large}
              showInference={dropoutBefore}
            />
          </div>
          <p className="view-caption">
            After normalising, BatchNorm multiplies each {words.unit} by gamma and adds beta, both learned like weights. They start at 1 and 0; where they move
            away, the network has chosen its own scale and centre for that {words.unit}.
          </p>
          <MemoGammaBetaChart
            id="inside-gamma-beta"
            title={`Gamma and beta of every ${words.unit}, layer ${layer + 1}, at step ${bars.step}`}
            bars={bars.bars}
            unitWord={words.Unit}
            large={large}
          />
        </>
      ) : block?.norm && block.norm.kind !== 'batchNorm' ? (
        <p className="note">
          This layer normalises with {normName(run.config.model.layers, block)}: each image alone, over its own {words.units}
          {block.norm.kind === 'groupNorm' ? ' in groups (and every position)' : ''}. It keeps no batch or moving statistics, so training and inference compute
          the same thing at any batch size. Choose a layer (or a run) with BatchNorm to see its statistics.
        </p>
      ) : (
        <p className="note">This layer has no BatchNorm: choose a layer (or a run) with BatchNorm to see its statistics.</p>
      )}
    </section>
  );
}
