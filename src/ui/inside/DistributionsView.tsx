import { memo } from 'react';
import type { RunRecord } from '../../runs/runRecord';
import type { BlockWords } from './blockWords';
import { DistributionChart } from './DistributionChart';
import type { distributionDomain, distributionPoints } from './probeViews';

// Memoised: the section re-renders at every delivery of steps, its charts only when their probes change.
const MemoDistributionChart = memo(DistributionChart);

interface Distributions {
  run: ReturnType<typeof distributionPoints>;
  pair: ReturnType<typeof distributionPoints>;
  axis: ReturnType<typeof distributionDomain>;
}

interface DistributionsViewProps {
  run: RunRecord;
  pair: RunRecord | null;
  /** 0-based. */
  unit: number;
  words: BlockWords;
  /** The block of the run beside it may be another kind (a Dense block beside a conv block). */
  pairWords: BlockWords;
  /** For a Conv2D block: positions per image, and values per channel the percentiles come from. */
  sampling: { positions: number; samples: number } | null;
  /** The run's points and the shared axis; `pairDist`: the same, renewed in a task of its own for the partner's chart. */
  dist: Distributions;
  pairDist: Distributions;
  large: boolean;
}

/** "Distributions over training": one unit's (or channel's) inputs to its activation over training, for the run and the one beside it. */
export function DistributionsView({ run, pair, unit, words, pairWords, sampling, dist, pairDist, large }: DistributionsViewProps) {
  return (
    <section className="section-view" aria-labelledby="inside-dist-heading">
      <h3 id="inside-dist-heading">Distributions over training</h3>
      <p className="view-caption">
        The band shows where the middle 70% of one {words.unit}&apos;s inputs to its activation lie on the probe images (15th to 85th percentile), the solid
        line their median; the orange lines show the same for all {words.units} of the layer together. With BatchNorm they stay centred and scaled, moved only
        by what it learns (gamma and beta); without it they can drift as the layers below change, which Ioffe and Szegedy called internal covariate shift.
      </p>
      {sampling ? (
        <p className="view-caption" data-testid="inside-channel-sampling">
          In a convolutional block a channel has a value at every position of every image ({sampling.positions.toLocaleString('en-US')} per image here), and
          BatchNorm normalises each channel over all of them: batch × height × width. The percentiles come from {sampling.samples.toLocaleString('en-US')} of
          those values, at the same positions in every probe.
        </p>
      ) : null}
      <div className="inside-grid">
        <MemoDistributionChart
          id="inside-dist-run"
          title={`${run.name}: ${words.unit} ${unit + 1}`}
          points={dist.run}
          unit={unit + 1}
          unitWord={words.Unit}
          axis={dist.axis}
          large={large}
        />
        {pair ? (
          <MemoDistributionChart
            id="inside-dist-pair"
            title={`${pair.name}: ${pairWords.unit} ${unit + 1}`}
            points={pairDist.pair}
            unit={unit + 1}
            unitWord={pairWords.Unit}
            axis={pairDist.axis}
            large={large}
          />
        ) : null}
      </div>
    </section>
  );
}
