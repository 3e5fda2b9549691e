import { useMemo, useState } from 'react';
import { AskError } from './AskError';
import { className, type DatasetId } from '../../data/datasets';
import { formatInt, formatPercent } from '../../format';
import { confusionMatrix } from '../../runs/confusion';
import { heatColor, heatTextColor } from '../heatScale';
import { SelectField } from '../SelectField';
import { usePrediction } from './usePrediction';

const SUBSETS = [
  { value: '2000', label: 'The first 2,000' },
  { value: '10000', label: 'All 10,000' },
] as const;
type Subset = (typeof SUBSETS)[number]['value'];

interface ConfusionMatrixProps {
  dataset: DatasetId;
  testCount: number;
  runId: string;
  runName: string;
}

/**
 * Which classes the run confuses: a 10x10 table of true class (rows) against predicted class
 * (columns), each cell's count in text and shaded by its share of the row, with each class's
 * accuracy; on the first 2,000 test images or all of them.
 */
export function ConfusionMatrix({ dataset, testCount, runId, runName }: ConfusionMatrixProps) {
  const [subset, setSubset] = useState<Subset>('2000');
  const count = Math.min(Number(subset), testCount);
  const asked = usePrediction(runId, { kind: 'test', dataset, start: 0, count }, `${dataset}|${count}`);
  const result = asked.status === 'ready' ? asked.result : null;
  const matrix = useMemo(() => (result?.probabilities && result.labels ? confusionMatrix(result.probabilities, result.labels) : null), [result]);
  const names = Array.from({ length: 10 }, (_, c) => className(dataset, c));
  /** Column headers wrap only after a slash, never at a hyphen ("T-shirt/" over "top"). */
  const headers = names.map((n) => n.replace(/-/g, '\u2011').replace(/\//g, '/\u200b'));

  return (
    <section className="section-view" aria-labelledby="confusion-heading">
      <h3 id="confusion-heading">Confusion matrix and accuracy per class</h3>
      <p className="view-caption">
        Each row is the true class, each column what the run predicted. The diagonal (outlined) counts the right answers; every other number is a mistake, and a
        dark cell off the diagonal is a pair of classes the run mixes up.
      </p>
      <SelectField<Subset> label="Test images evaluated" value={subset} options={SUBSETS} onChange={setSubset} />
      <AskError asked={asked} />
      {matrix ? (
        <div className="table-scroll">
          <table className="confusion" data-testid="confusion-matrix" data-total={matrix.total}>
            <caption>
              {runName} on the first {formatInt(matrix.total)} test images: {formatPercent(matrix.correct / matrix.total)} right
            </caption>
            <thead>
              <tr>
                <td className="corner">True ↓ · Predicted →</td>
                {headers.map((header) => (
                  <th key={header} scope="col">
                    {header}
                  </th>
                ))}
                <th scope="col" className="num">
                  Accuracy
                </th>
              </tr>
            </thead>
            <tbody>
              {matrix.counts.map((row, t) => {
                const { total, correct } = matrix.perClass[t]!;
                return (
                  <tr key={t}>
                    <th scope="row">{names[t]}</th>
                    {row.map((n, p) => {
                      const share = total ? n / total : 0;
                      return (
                        <td key={p} className={p === t ? 'num diagonal' : 'num'} style={{ backgroundColor: heatColor(share), color: heatTextColor(share) }}>
                          {n}
                        </td>
                      );
                    })}
                    <td className="num accuracy" data-testid="class-accuracy">
                      {total ? `${formatPercent(correct / total)}` : '—'}
                      <span className="muted">
                        {' '}
                        ({correct}/{total})
                      </span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : asked.status === 'loading' ? (
        <p className="muted">Predicting {formatInt(count)} test images…</p>
      ) : null}
    </section>
  );
}
