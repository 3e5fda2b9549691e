import { LANDSCAPE_STEP_SIZES } from '../../engine/landscapeSchedule';
import { MEASURE_LABELS, SMOOTHNESS_MEASURES, type SmoothnessSummary } from '../../runs/lessons/smoothness';

const f = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(3)).toString() : 'not finite');

/**
 * What the student should see, and what these runs measured: the medians beside each other. The
 * claim is read from the numbers: when the runs here do not bear it out, the caption says so.
 */
export function LandscapeCaption({ summary }: { summary: SmoothnessSummary }) {
  const { medians, counts, bnSmoother } = summary;
  return (
    <div className="view-caption landscape-caption" data-testid="landscape-caption" data-bn-smoother={bnSmoother}>
      <p>
        At each measurement the weights were moved along the gradient g by η = {LANDSCAPE_STEP_SIZES.join(', ')} (the run itself was not changed). Loss
        landscape: the range of the loss over those points. Gradient predictiveness: the largest change of the gradient there. Effective β-smoothness: the
        largest change of the gradient per unit moved. What to look for: the run with BatchNorm shows the smaller loss range, gradient change and β-smoothness,
        a smoother landscape where the gradient predicts what a step will do.
      </p>
      <p data-testid="landscape-measured">
        {bnSmoother ? 'Measured here, as expected' : 'Measured here, unexpectedly'} (medians over {counts.bn} and {counts.plain} measurements, with / without
        BatchNorm): {SMOOTHNESS_MEASURES.map((m) => `${MEASURE_LABELS[m].short} ${f(medians[m].bn)} / ${f(medians[m].plain)}`).join('; ')}.
        {bnSmoother
          ? ' The run with BatchNorm has the smaller loss range.'
          : ' Here the run without BatchNorm has the smaller loss range: with few steps the measurement at the random start weighs much. Train on more images and look again.'}
      </p>
    </div>
  );
}
