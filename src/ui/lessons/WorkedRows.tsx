import type { BnWorking } from '../../runs/lessons/workedBatchNorm';
import type { WorkedBatchAnswer } from '../../store/lessonSlice';
import { DigitCanvas } from '../predictions/DigitCanvas';

const f = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : '—');
const PIXELS = 784;

interface WorkedRowsProps {
  mode: 'train' | 'infer';
  answer: WorkedBatchAnswer;
  /** The inputs as typed. */
  xs: string[];
  /** Only in training mode: the inputs are edited there. */
  onX?(index: number, text: string): void;
  /** The computation on the typed numbers; null while one is not a number. */
  working: BnWorking | null;
  /** What the network itself put out for the original inputs; null once something is edited. */
  network: Float32Array | null;
}

/** One table of the worked computation: per image, x, x − μ, x̂, y and the network's own y. */
export function WorkedRows({ mode, answer, xs, onX, working, network }: WorkedRowsProps) {
  const train = mode === 'train';
  return (
    <table className="summary worked-table" data-testid={`worked-${mode}`}>
      <caption>{train ? 'Training mode: normalised with this batch’s own μ and σ²' : 'Inference mode: normalised with the moving averages'}</caption>
      <thead>
        <tr>
          <th scope="col">Image</th>
          <th scope="col" className="num">
            x
          </th>
          <th scope="col" className="num">
            x − μ
          </th>
          <th scope="col" className="num">
            x̂ = (x − μ) / √(σ² + ε)
          </th>
          <th scope="col" className="num">
            y = γ·x̂ + β
          </th>
          <th scope="col" className="num">
            y, computed by the network
          </th>
        </tr>
      </thead>
      <tbody>
        {xs.map((x, i) => {
          const label = answer.labels[i] ?? 0;
          const name = `Test image ${answer.result.start + i + 1}: a ${label}`;
          return (
            <tr key={i}>
              <th scope="row">
                <span className="worked-image">
                  <DigitCanvas pixels={answer.pixels.subarray(i * PIXELS, (i + 1) * PIXELS)} max={255} scale={1} label={name} />
                  {label}
                </span>
              </th>
              <td className="num">
                {onX ? (
                  <input
                    className="worked-input"
                    type="text"
                    inputMode="decimal"
                    aria-label={`x of image ${i + 1}`}
                    value={x}
                    onChange={(e) => onX(i, e.target.value)}
                  />
                ) : (
                  x
                )}
              </td>
              <td className="num">{working ? f(working.deviations[i]!) : '—'}</td>
              <td className="num">{working ? f(working.normalised[i]!) : '—'}</td>
              <td className="num" data-testid={`worked-${mode}-y`}>
                {working ? f(working.outputs[i]!) : '—'}
              </td>
              <td className="num" data-testid={`worked-${mode}-network`}>
                {network ? f(network[i]!) : '—'}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
