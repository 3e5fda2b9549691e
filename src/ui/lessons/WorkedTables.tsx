import { useState } from 'react';
import { batchNormInferWorking, batchNormTrainWorking, nextMoving } from '../../runs/lessons/workedBatchNorm';
import type { WorkedBatchAnswer } from '../../store/lessonSlice';
import { NumberField } from '../NumberField';
import { WorkedRows } from './WorkedRows';

/** The shortest decimal that is the same float32: what an edit starts from, so the page's arithmetic starts from the network's very numbers. */
function asText(v: number): string {
  for (let digits = 6; digits < 9; digits++) {
    const text = String(Number(v.toPrecision(digits)));
    if (Math.fround(Number(text)) === Math.fround(v)) return text;
  }
  return String(Number(v.toPrecision(9)));
}
const f = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : '—');
const parse = (text: string): number | null => (/^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(text) ? Number(text) : null);

/** The worked computation of one answer: its numbers editable, recomputed at each keystroke, in training and in inference mode. */
export function WorkedTables({ answer }: { answer: WorkedBatchAnswer }) {
  const w = answer.result;
  const initial = { xs: Array.from(w.inputs, asText), gamma: asText(w.gamma), beta: asText(w.beta), epsilon: asText(w.epsilon) };
  const [xs, setXs] = useState(initial.xs);
  const [gamma, setGamma] = useState(initial.gamma);
  const [beta, setBeta] = useState(initial.beta);
  const [epsilon, setEpsilon] = useState(initial.epsilon);
  const values = xs.map(parse);
  const [g, b, e] = [parse(gamma), parse(beta), parse(epsilon)];
  const ok = values.every((v) => v !== null) && g !== null && b !== null && e !== null && e >= 0;
  const edited = xs.some((x, i) => x !== initial.xs[i]) || gamma !== initial.gamma || beta !== initial.beta || epsilon !== initial.epsilon;
  const reset = () => {
    setXs(initial.xs);
    setGamma(initial.gamma);
    setBeta(initial.beta);
    setEpsilon(initial.epsilon);
  };
  const inputs = values.map((v) => v ?? Number.NaN);
  const train = ok ? batchNormTrainWorking(inputs, g, b, e) : null;
  const infer = ok ? batchNormInferWorking(inputs, w.movingMean, w.movingVariance, g, b, e) : null;
  return (
    <div className="worked-tables">
      <p className="view-caption">
        Unit {w.unit} of {w.units}, first hidden layer; test images {w.start + 1} to {w.start + w.count}. Type into any x, γ, β or ε.
      </p>
      <div className="view-controls worked-params">
        <NumberField label="γ (scale)" value={gamma} onChange={setGamma} error={g === null ? 'γ must be a number' : undefined} />
        <NumberField label="β (shift)" value={beta} onChange={setBeta} error={b === null ? 'β must be a number' : undefined} />
        <NumberField label="ε" value={epsilon} onChange={setEpsilon} error={e === null || e < 0 ? 'ε must be a number ≥ 0' : undefined} />
        <button type="button" disabled={!edited} onClick={reset}>
          Back to the network’s numbers
        </button>
      </div>
      <p className="worked-statistics" data-testid="worked-statistics">
        {train ? (
          <>
            Batch mean μ = <output data-testid="worked-mean">{f(train.mean)}</output>, batch variance σ² ={' '}
            <output data-testid="worked-variance">{f(train.variance)}</output>, √(σ² + ε) = {f(train.std)}.
          </>
        ) : (
          'Fix the highlighted numbers to see the computation.'
        )}
      </p>
      <WorkedRows
        mode="train"
        answer={answer}
        xs={xs}
        onX={(i, v) => setXs((old) => old.map((x, j) => (j === i ? v : x)))}
        working={train}
        network={edited ? null : w.outputsTrain}
      />
      <p className="worked-statistics">
        Inference mode uses the moving averages instead: moving mean {f(w.movingMean)}, moving variance {f(w.movingVariance)}
        {train
          ? `. One more training step on this batch would move them to ${f(nextMoving(w.movingMean, train.mean, w.momentum))} and ${f(nextMoving(w.movingVariance, train.variance, w.momentum))} (momentum ${w.momentum}).`
          : '.'}
      </p>
      <WorkedRows mode="infer" answer={answer} xs={xs} working={infer} network={edited ? null : w.outputsInfer} />
      {edited ? <p className="note">Edited: the network computed its numbers for the original inputs, so its column is empty until you go back.</p> : null}
    </div>
  );
}
