import { useRef } from 'react';
import { PROBE_BATCH_SIZE, probeInterval } from '../../engine/probeSchedule';
import { selectModels, selectPresenter } from '../../store/selectors';
import { useApp } from '../StoreContext';
import { useOnScreen } from '../useOnScreen';
import { BatchStatsView } from './BatchStatsView';
import { BiasGradientView } from './BiasGradientView';
import { blockWords } from './blockWords';
import { DistributionsView } from './DistributionsView';
import { InsideControls } from './InsideControls';
import { ModesView } from './ModesView';
import { probeTimeShare } from './probeViews';
import { useInsideCharts } from './useInsideCharts';
import { useInsideSelection } from './useInsideSelection';
import '../sectionViews.css';
import './inside.css';

/**
 * "Inside BatchNorm": what the probes saw in a run (and the run beside it): distributions of the
 * inputs to the activations over training, BatchNorm's batch against moving statistics, gamma and
 * beta, training against inference mode (with a demonstration on the final weights), and the
 * gradient a bias right before BatchNorm gets.
 */
export function InsideBatchNormSection() {
  const sectionRef = useRef<HTMLElement>(null);
  const onScreen = useOnScreen(sectionRef);
  const models = useApp(selectModels);
  const large = useApp(selectPresenter);
  const { probed, run, partner, pairChoice, pair, runProbes, pairProbes, layers, pairBlock, layer, units, unit } = useInsideSelection();
  const { dist, pairDist, meanStats, varianceStats, bars, modes, grads } = useInsideCharts({ run, pair, runProbes, pairProbes, layer, unit, onScreen });
  const share = run ? probeTimeShare(runProbes, run.progress?.elapsedMs ?? 0) : null;
  const block = layers[layer];
  const sampled = runProbes.at(-1)?.layers[layer];
  const sampling = block?.conv && sampled ? { positions: sampled.positions, samples: sampled.samples } : null;
  const interval = run ? probeInterval(run.totalSteps) : 0;

  return (
    <section ref={sectionRef} className="inside views-section panel" aria-labelledby="inside-heading" data-testid="inside-batchnorm">
      <h2 id="inside-heading">Inside BatchNorm</h2>
      <p className="view-caption">
        While a run trains, the page looks inside it every few steps on the same {PROBE_BATCH_SIZE} validation images, without changing it: what each layer
        passes to its activation, what BatchNorm computes, and what it learns. Compare a network with BatchNorm and the same network without it (the tutorial
        preset trains such a pair).
      </p>
      {!run ? (
        <p className="note" data-testid="inside-no-run">
          Train a run to look inside it. Only runs trained since this page was opened have these views.
        </p>
      ) : (
        <>
          <InsideControls run={run} probed={probed} partner={partner} pairChoice={pairChoice} layers={layers} layer={layer} units={units} unit={unit} />
          <p className="inside-cost" data-testid="inside-cost">
            {runProbes.length} probes of this run, at most one every {interval} steps (fewer where probes are slow)
            {share !== null ? `; they took ${(share * 100).toFixed(1)}% of its training time` : ''}.
          </p>
          {layers.length === 0 ? (
            <p className="note">This run has no hidden layer: there is nothing inside to look at.</p>
          ) : (
            <>
              <DistributionsView
                run={run}
                pair={pair}
                unit={unit}
                words={blockWords(block)}
                pairWords={blockWords(pairBlock)}
                sampling={sampling}
                dist={dist}
                pairDist={pairDist}
                large={large}
              />
              <BatchStatsView
                run={run}
                runProbes={runProbes}
                layer={layer}
                block={block}
                unit={unit}
                meanStats={meanStats}
                varianceStats={varianceStats}
                bars={bars}
                large={large}
              />
              <ModesView run={run} modes={modes} large={large} hasModel={run.id in models} />
              <BiasGradientView run={run} pair={pair} grads={grads} />
            </>
          )}
        </>
      )}
    </section>
  );
}
