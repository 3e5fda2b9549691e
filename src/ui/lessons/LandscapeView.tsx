import { useMemo } from 'react';
import { MEASURE_LABELS, SMOOTHNESS_MEASURES, summariseSmoothness } from '../../runs/lessons/smoothness';
import { selectPresenter, selectProbes, selectRuns } from '../../store/selectors';
import { MetricChart } from '../MetricChart';
import { useApp } from '../StoreContext';
import { fittedTicks } from '../TrainingCharts';
import { LandscapeCaption } from './LandscapeCaption';
import { LandscapeTable } from './LandscapeTable';
import { landscapeLine, landscapePair } from './landscapeRuns';

/**
 * Santurkar et al.'s Figure 4, live: for the chapter's run with BatchNorm and its twin without,
 * at the steps their probes measured it, the range of the loss along the gradient, the largest
 * change of the gradient there, and the effective β-smoothness; with a caption that says what to
 * see and what these runs measured, and the latest losses along the gradient step by step.
 */
export function LandscapeView({ runIds }: { runIds: ReadonlySet<string> }) {
  const runs = useApp(selectRuns);
  const probes = useApp(selectProbes);
  const large = useApp(selectPresenter);
  const pair = useMemo(() => landscapePair(runs, runIds, probes), [runs, runIds, probes]);
  const summary = pair ? summariseSmoothness(pair.bnProbes, pair.plainProbes) : null;
  const charts = useMemo(
    () =>
      pair
        ? SMOOTHNESS_MEASURES.map((m) => {
            const lines = [landscapeLine(pair.bn, pair.bnProbes, m), landscapeLine(pair.plain, pair.plainProbes, m)];
            const xMax = Math.max(1, ...lines.flatMap((l) => l.points.map((p) => p.x)));
            return { measure: m, lines, xMax, yTicks: fittedTicks(lines) };
          })
        : [],
    [pair],
  );
  return (
    <section className="views-section panel landscape" aria-labelledby="landscape-heading" data-testid="landscape">
      <h2 id="landscape-heading">How smooth is the loss? (Santurkar et al. 2018, Figure 4)</h2>
      {!pair || !summary ? (
        <p className="note" data-testid="landscape-waiting">
          Run the experiment: the pair’s probes measure the landscape from the first step on, and the plots grow here.
        </p>
      ) : (
        <>
          <div className="landscape-charts">
            {charts.map(({ measure, lines, xMax, yTicks }) => (
              <MetricChart
                key={measure}
                id={`landscape-${measure}`}
                title={MEASURE_LABELS[measure].title}
                yLabel={MEASURE_LABELS[measure].axis}
                xLabel="Step"
                lines={lines}
                marks={[]}
                xMax={xMax}
                integerX
                yTicks={yTicks}
                large={large}
              />
            ))}
          </div>
          <LandscapeCaption summary={summary} />
          <LandscapeTable pair={pair} />
        </>
      )}
    </section>
  );
}
