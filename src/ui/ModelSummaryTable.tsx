import { summarize } from '../engine/summary';
import type { DraftResult } from '../store/draft';
import { formatInt } from '../format';

/** Keras' `model.summary()` for the model as set up, or nothing while the form has errors. */
export function ModelSummaryTable({ validation }: { validation: DraftResult }) {
  if (!validation.ok) return <p className="field-hint">Fix the highlighted settings to see the model summary.</p>;
  const summary = summarize(validation.config.model);
  return (
    <table className="summary">
      <caption>Model summary</caption>
      <thead>
        <tr>
          <th scope="col">Layer (type)</th>
          <th scope="col">Output shape</th>
          <th scope="col" className="num">
            Params
          </th>
        </tr>
      </thead>
      <tbody>
        {summary.rows.map((r) => (
          <tr key={r.name}>
            <td>
              {r.name} <span className="muted">({r.type})</span>
            </td>
            <td>{r.outputShape}</td>
            <td className="num">{formatInt(r.params)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <td colSpan={3}>
            Total params: {formatInt(summary.total)} · Trainable: {formatInt(summary.trainable)} · Non-trainable: {formatInt(summary.nonTrainable)}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
