import { useState } from 'react';
import { DATASET_SPECS } from '../../data/datasets';
import { describeError } from '../../data/dataError';
import { datasetOf } from '../../engine/config';
import type { ModeDemo } from '../../engine/modeDemo';
import { hasBatchNorm } from '../../runs/bnPartner';
import { isActiveStatus, type RunRecord } from '../../runs/runRecord';
import { SelectField } from '../SelectField';
import { useApp } from '../StoreContext';

const score = (v: number) => v.toFixed(2);

/** "a batch of only 7s" for digits, "a batch of only Sneaker images" for Fashion-MNIST. */
function batchOf(classNames: readonly string[], digit: number, mnist: boolean): string {
  return mnist ? `a batch of only ${digit}s` : `a batch of only ${classNames[digit] ?? digit} images`;
}

/** The demonstration's result in plain words. */
export function describeModeDemo(result: ModeDemo, withBn: boolean, classNames: readonly string[], mnist: boolean): string[] {
  const { oneClass, pairs } = result;
  const batch = batchOf(classNames, result.digit, mnist);
  if (!withBn) {
    return [
      `This run has no BatchNorm, so both modes compute the same thing: ${batch} (${oneClass.count} images) scores ${score(oneClass.train.accuracy)} in training mode and ${score(oneClass.infer.accuracy)} in inference mode; in batches of 2, ${score(pairs.train.accuracy)} and ${score(pairs.infer.accuracy)}.`,
    ];
  }
  return [
    `In training mode, ${batch} (${oneClass.count} images) scores ${score(oneClass.train.accuracy)}; the same images in inference mode score ${score(oneClass.infer.accuracy)}.`,
    `In batches of 2 (${pairs.count} images), training mode scores ${score(pairs.train.accuracy)} and inference mode ${score(pairs.infer.accuracy)}.`,
  ];
}

interface ModeDemoPanelProps {
  run: RunRecord;
  /** Whether the worker keeps the run's final weights. */
  hasModel: boolean;
}

/**
 * A button that scores the run's final weights on a batch of one class and on batches of 2, in
 * training mode and in inference mode, and says what came out.
 */
export function ModeDemoPanel({ run, hasModel }: ModeDemoPanelProps) {
  const runModeDemo = useApp((s) => s.runModeDemo);
  const [digit, setDigit] = useState('7');
  const [state, setState] = useState<{ busy: boolean; lines: string[] | null; error: string | null; runId: string | null }>({
    busy: false,
    lines: null,
    error: null,
    runId: null,
  });
  const dataset = datasetOf(run.config);
  const spec = DATASET_SPECS[dataset];
  const options = spec.classNames.map((name, i) => ({ value: String(i), label: dataset === 'mnist' ? String(i) : `${i}: ${name}` }));
  const withBn = hasBatchNorm(run.config);
  const shown = state.runId === run.id ? state : { busy: false, lines: null, error: null };

  const start = async () => {
    setState({ busy: true, lines: null, error: null, runId: run.id });
    try {
      const result = await runModeDemo(run.id, Number(digit));
      setState({ busy: false, lines: describeModeDemo(result, withBn, spec.classNames, dataset === 'mnist'), error: null, runId: run.id });
    } catch (error) {
      setState({ busy: false, lines: null, error: describeError(error), runId: run.id });
    }
  };

  return (
    <div className="inside-demo">
      <h4>Try it: a batch that does not look like the data</h4>
      <div className="view-controls inside-controls">
        <SelectField label="Class of the one-class batch" value={digit} options={options} onChange={setDigit} />
        <button type="button" onClick={() => void start()} disabled={!hasModel || shown.busy}>
          {shown.busy ? 'Scoring…' : 'Score in both modes'}
        </button>
      </div>
      {!hasModel ? (
        <p className="note">
          {isActiveStatus(run.status)
            ? 'This uses the run’s final weights: let it finish, or stop it, then try.'
            : 'This run’s final weights are not in memory (only runs trained since the page was opened, and the most recent few, keep them): train it again to try.'}
        </p>
      ) : null}
      <div role="status" aria-live="polite" data-testid="mode-demo-result">
        {shown.lines?.map((line) => (
          <p key={line} className="inside-demo-line">
            {line}
          </p>
        ))}
        {shown.lines && withBn ? (
          <p className="view-caption">
            Training mode normalises every batch with its own mean and variance, so in a batch of one class every image looks average and what sets that class
            apart is subtracted away; with only two images each unit becomes just −1 or +1. Inference mode uses the moving averages gathered in training and
            scores each image on its own, whatever the batch.
          </p>
        ) : null}
      </div>
      {shown.error ? (
        <p className="field-error" role="alert">
          {shown.error}
        </p>
      ) : null}
    </div>
  );
}
