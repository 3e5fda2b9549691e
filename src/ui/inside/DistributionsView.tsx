import { memo } from 'react';
import type { RunRecord } from '../../runs/runRecord';
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
  /** The run's points and the shared axis; `pairDist`: the same, renewed in a task of its own for the partner's chart. */
  dist: Distributions;
  pairDist: Distributions;
  large: boolean;
}

/** "Distributions over training": one unit's inputs to its activation over training, for the run and the one beside it. */
export function DistributionsView({ run, pair, unit, dist, pairDist, large }: DistributionsViewProps) {
  return (
    <section className="section-view" aria-labelledby="inside-dist-heading">
      <h3 id="inside-dist-heading">Distributions over training</h3>
      <p className="view-caption">
        The band shows where the middle 70% of one unit&apos;s inputs to its activation lie on the probe images (15th to 85th percentile), the solid line their
        median; the orange lines show the same for all units of the layer together. With BatchNorm they stay centred and scaled, moved only by what it learns
        (gamma and beta); without it they can drift as the layers below change, which Ioffe and Szegedy called internal covariate shift.
      </p>
      <div className="inside-grid">
        <MemoDistributionChart id="inside-dist-run" title={`${run.name}: unit ${unit + 1}`} points={dist.run} unit={unit + 1} axis={dist.axis} large={large} />
        {pair ? (
          <MemoDistributionChart
            id="inside-dist-pair"
            title={`${pair.name}: unit ${unit + 1}`}
            points={pairDist.pair}
            unit={unit + 1}
            axis={pairDist.axis}
            large={large}
          />
        ) : null}
      </div>
    </section>
  );
}
