import { useId } from 'react';
import { formatLearningRate } from '../format';
import { NumberField } from './NumberField';

const MIN_LOG = -5;
const MAX_LOG = 1;

/** The learning rate, typed or slid on a log scale; both controls edit the same text. */
export function LearningRateField({ value, error, onChange }: { value: string; error?: string; onChange(v: string): void }) {
  const sliderId = useId();
  const lr = Number(value);
  const log = lr > 0 ? Math.min(MAX_LOG, Math.max(MIN_LOG, Math.log10(lr))) : MIN_LOG;
  return (
    <div className="lr-field">
      <NumberField label="Learning rate" value={value} onChange={onChange} error={error} hint="Can be changed while training." />
      <label htmlFor={sliderId}>Learning rate (log scale)</label>
      <input
        id={sliderId}
        type="range"
        min={MIN_LOG}
        max={MAX_LOG}
        step={0.1}
        value={log}
        aria-valuetext={lr > 0 ? formatLearningRate(lr) : 'invalid'}
        onChange={(e) => onChange(formatLearningRate(10 ** Number(e.target.value)))}
      />
    </div>
  );
}
