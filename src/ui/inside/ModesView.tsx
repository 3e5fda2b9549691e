import { memo } from 'react';
import type { RunRecord } from '../../runs/runRecord';
import { ModeDemoPanel } from './ModeDemoPanel';
import { ModesChart } from './ModesChart';
import type { modePoints } from './probeViews';

// Memoised: the section re-renders at every delivery of steps, its chart only when its probes change.
const MemoModesChart = memo(ModesChart);

interface ModesViewProps {
  run: RunRecord;
  modes: ReturnType<typeof modePoints>;
  large: boolean;
  /** The worker still holds the run's trained model (for the demonstration). */
  hasModel: boolean;
}

/** "Training mode against inference mode": accuracy on the probe images both ways over training, and a demonstration on the final weights. */
export function ModesView({ run, modes, large, hasModel }: ModesViewProps) {
  return (
    <section className="section-view" aria-labelledby="inside-modes-heading">
      <h3 id="inside-modes-heading">Training mode against inference mode</h3>
      <p className="view-caption">
        The same weights scored on the same probe images in two ways: training mode (BatchNorm uses these images&apos; own statistics) and inference mode (the
        moving statistics, as when predicting). The green line is the gap. It is largest early on, while the moving averages still remember the start; without
        BatchNorm the two are the same and the gap is zero.
      </p>
      <MemoModesChart id="inside-modes" title={`Accuracy on the probe images, ${run.name}`} points={modes} large={large} />
      <ModeDemoPanel run={run} hasModel={hasModel} />
    </section>
  );
}
