import { memo } from 'react';
import type { RunRecord } from '../../runs/runRecord';
import { BiasGradientTable } from './BiasGradientTable';
import type { gradientRows } from './probeViews';

// Memoised: the section re-renders at every delivery of steps, its tables only when their probes change.
const MemoBiasGradientTable = memo(BiasGradientTable);

interface BiasGradientViewProps {
  run: RunRecord;
  pair: RunRecord | null;
  /** Each run's gradient rows at its newest probe, and that probe's step. */
  grads: { run: ReturnType<typeof gradientRows>; pair: ReturnType<typeof gradientRows>; step: number; pairStep: number };
}

/** "A bias right before BatchNorm learns nothing": the gradients of the biases, for the run and the one beside it. */
export function BiasGradientView({ run, pair, grads }: BiasGradientViewProps) {
  return (
    <section className="section-view" aria-labelledby="inside-bias-heading">
      <h3 id="inside-bias-heading">A bias right before BatchNorm learns nothing</h3>
      <p className="view-caption">
        The gradient tells each weight which way to move. A Dense layer&apos;s bias adds the same number to every image (a Conv2D layer&apos;s, the same number
        to every position of its channel), and BatchNorm right after it subtracts the batch mean, that number included: the bias changes nothing, so its
        gradient is (almost) zero and it never learns. BatchNorm&apos;s beta does its job, which is why Keras code often writes use_bias=False before BatchNorm.
        Without BatchNorm, or with BatchNorm after the activation, the bias gets a gradient like any weight.
      </p>
      <div className="inside-tables">
        <MemoBiasGradientTable id="inside-grads-run" caption={`${run.name}, at step ${grads.step}`} rows={grads.run} />
        {pair ? <MemoBiasGradientTable id="inside-grads-pair" caption={`${pair.name}, at step ${grads.pairStep}`} rows={grads.pair} /> : null}
      </div>
    </section>
  );
}
