import { memo, useMemo, useState } from 'react';
import { className, DATASET_SPECS } from '../../data/datasets';
import { formatInt, formatPercent } from '../../format';
import { hasLayer } from '../../engine/layers/edits';
import { selectFeatureMapsView, selectModels, selectRuns } from '../../store/selectors';
import { NumberField } from '../NumberField';
import { SelectField } from '../SelectField';
import { useApp } from '../StoreContext';
import { AskError } from '../predictions/AskError';
import { DigitCanvas } from '../predictions/DigitCanvas';
import { FeatureMapBlock } from './FeatureMapBlock';
import { FilterGrid } from './FilterGrid';
import type { GreyMode } from './mapImages';
import { useFeatureMaps } from './useFeatureMaps';
import '../sectionViews.css';
import './convnet.css';

// Memoised: the section re-renders at every delivery of steps (it lists runs); the maps only when they change.
const MemoFeatureMapBlock = memo(FeatureMapBlock);
const MemoFilterGrid = memo(FilterGrid);

const GREY_MODES: { value: GreyMode; label: string }[] = [
  { value: 'stage', label: 'One scale per row (compare)' },
  { value: 'channel', label: 'One scale per channel' },
];

/** The test image chosen, as typed, and the valid index it gives (null while it is not one). */
function useImageChoice(testCount: number) {
  const view = useApp(selectFeatureMapsView);
  const setView = useApp((s) => s.setFeatureMapsView);
  const [text, setText] = useState(String(view.image));
  const n = Number(text);
  const valid = text.trim() !== '' && Number.isInteger(n) && n >= 0 && n < testCount;
  const change = (next: string) => {
    setText(next);
    const k = Number(next);
    if (next.trim() !== '' && Number.isInteger(k) && k >= 0 && k < testCount) setView({ image: k });
  };
  const step = (by: number) => change(String(Math.min(testCount - 1, Math.max(0, (valid ? n : 0) + by))));
  const error = valid ? undefined : `Test image must be a whole number from 0 to ${formatInt(testCount - 1)}`;
  return { text, change, step, error, image: valid ? n : null };
}

/**
 * "Inside a convnet": one test image through a trained convnet, block by block: each channel's
 * feature map after the convolution, its normalisation, activation and pool, and the learned
 * filters of the first convolution. From any run whose final model the worker keeps.
 */
export function ConvnetSection() {
  const runs = useApp(selectRuns);
  const models = useApp(selectModels);
  const view = useApp(selectFeatureMapsView);
  const setView = useApp((s) => s.setFeatureMapsView);
  const [mode, setMode] = useState<GreyMode>('stage');
  const convRuns = useMemo(() => runs.filter((r) => r.id in models && hasLayer(r.config.model.layers, 'conv2d')), [runs, models]);
  const run = convRuns.find((r) => r.id === view.runId) ?? convRuns.at(-1) ?? null;
  const dataset = run ? (models[run.id] ?? 'mnist') : 'mnist';
  const choice = useImageChoice(DATASET_SPECS[dataset].files.testImages.count);
  const asked = useFeatureMaps(run?.id ?? null, choice.image);
  const answer = asked.status === 'ready' ? asked.answer : null;

  return (
    <section className="convnet views-section panel" aria-labelledby="convnet-heading" data-testid="inside-convnet">
      <h2 id="convnet-heading">Inside a convnet</h2>
      <p className="view-caption">
        A convolutional layer slides small filters over the image; each filter gives one channel, a map of where its pattern appears. Here one test image goes
        through a trained convnet in inference mode, and every channel of every block is shown as a small grey picture (black lowest, white highest), after each
        step of the block: the convolution, its normalisation, the activation and the pooling. BatchNorm works per channel: it shifts and scales each map with
        that channel&apos;s statistics over the batch and every position, so after it the channels sit on one common scale.
      </p>
      <p className="view-caption">
        Grey levels: with one scale per row, channels can be compared (before BatchNorm their ranges differ, after it they match); with one scale per channel, a
        faint channel shows its pattern too.
      </p>
      {!run ? (
        <p className="note" data-testid="convnet-no-run">
          Train a convolutional network (or open one by link) to see its feature maps and filters here. Only runs trained since this page was opened keep their
          weights.
        </p>
      ) : (
        <>
          <div className="view-controls">
            <SelectField
              label="Convnet run"
              value={run.id}
              options={convRuns.map((r) => ({ value: r.id, label: r.name }))}
              onChange={(runId) => setView({ runId })}
            />
            <NumberField
              label="Test image"
              value={choice.text}
              onChange={choice.change}
              error={choice.error}
              hint={`0 to ${formatInt(DATASET_SPECS[dataset].files.testImages.count - 1)}`}
            />
            <button type="button" onClick={() => choice.step(-1)}>
              Previous image
            </button>
            <button type="button" onClick={() => choice.step(1)}>
              Next image
            </button>
            <SelectField<GreyMode> label="Grey levels" value={mode} options={GREY_MODES} onChange={setMode} />
          </div>
          <AskError asked={asked} />
          {answer ? (
            <>
              <figure className="digit-figure convnet-input">
                <DigitCanvas pixels={answer.pixels} max={255} scale={3} label={`Test image ${answer.image}: ${className(dataset, answer.label)}`} />
                <figcaption data-testid="convnet-image">
                  Test image {answer.image}: true class <strong>{className(dataset, answer.label)}</strong>; the run predicts{' '}
                  <strong>{className(dataset, argMax(answer.maps.probabilities))}</strong> ({formatPercent(Math.max(...answer.maps.probabilities))}).
                </figcaption>
              </figure>
              {answer.maps.filters ? <MemoFilterGrid filters={answer.maps.filters} /> : null}
              {answer.maps.blocks.map((block, i) => (
                <MemoFeatureMapBlock key={block.weight} layers={run.config.model.layers} block={block} index={i} mode={mode} />
              ))}
            </>
          ) : asked.status === 'loading' ? (
            <p className="muted">Computing the feature maps…</p>
          ) : null}
        </>
      )}
    </section>
  );
}

const argMax = (values: Float32Array) => values.indexOf(Math.max(...values));
