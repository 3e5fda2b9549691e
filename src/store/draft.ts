import {
  BN_EPSILON,
  BN_MOMENTUM,
  DEFAULT_DATASET,
  datasetOf,
  defaultExperiment,
  type DatasetId,
  type Activation,
  type BnPosition,
  type ExperimentConfig,
  type LayerSpec,
  type OptimizerKind,
} from '../engine/config';
import { convFormOf, layersFromConvForm, type ConvHead } from '../engine/convForm';
import { denseIndices, layersFromMlpForm, mlpFormOf, type HiddenLayerForm } from '../engine/mlpForm';
import { DEFAULT_INPUT_SCALE, type InputScale } from '../engine/inputScale';
import { parseExperiment, type FieldErrors } from '../engine/schema';
import { convBlockDraft, convBlockForm, convFormErrors, defaultConvBlocks, type Architecture, type ConvBlockDraft } from './convDraft';

/** A hidden layer as the form holds it: the width as typed. */
export interface LayerDraft {
  /** Stable key for React lists; not part of the experiment. */
  id: number;
  units: string;
  batchNorm: boolean;
  bnPosition: BnPosition;
  /** LayerNorm instead of BatchNorm (the form switches the other off); absent means off. */
  layerNorm?: boolean;
  /** Dropout rate after the layer as typed; empty or 0: none. */
  dropout: string;
}

/**
 * The settings form: numbers kept as the text the user typed, so a bad value can be shown and
 * fixed. Both forms' fields are kept whichever shows, so switching back finds them as left: the
 * hidden Dense `layers`, `activation` and the BatchNorm settings are shared (a convnet's Dense
 * part); `inputBatchNorm` is the MLP's, `convBlocks` and `convHead` the convnet's.
 */
export interface Draft {
  architecture: Architecture;
  inputBatchNorm: boolean;
  /** The hidden Dense layers' activation (each conv block has its own). */
  activation: Activation;
  layers: LayerDraft[];
  convBlocks: ConvBlockDraft[];
  convHead: ConvHead;
  batchSize: string;
  learningRate: string;
  epochs: string;
  optimizer: OptimizerKind;
  seed: string;
  validation: 'test' | 'holdout';
  holdoutSize: string;
  /** Empty means all training images. */
  trainLimit: string;
  /** BatchNorm momentum and epsilon as typed; the Keras default leaves the config without the field. */
  bnMomentum: string;
  bnEpsilon: string;
  /** The data to train on; MNIST leaves the config without the field. */
  dataset: DatasetId;
  /** Weight init scale as typed; 1 leaves the config without the field. */
  initScale: string;
  /** Pixel scaling of training and of evaluation images; ÷255 leaves the config without the field. */
  trainScale: InputScale;
  evalScale: InputScale;
  /**
   * A layer list the MLP form cannot show (from a link's `net=`), trained as it is; null when the
   * form's fields describe the network. Editing the form's layers replaces it.
   */
  net: LayerSpec[] | null;
}

let nextLayerId = 1;
export function newLayerId(): number {
  return nextLayerId++;
}

export function draftFromConfig(config: ExperimentConfig): Draft {
  const t = config.train;
  const form = mlpFormOf(config.model.layers);
  const conv = form ? null : convFormOf(config.model.layers);
  // A list the forms cannot show keeps the tutorial's MLP in the form, for when the user switches to it.
  const view = form ?? conv ?? mlpFormOf(defaultExperiment().model.layers)!;
  return {
    architecture: conv ? 'conv' : 'mlp',
    inputBatchNorm: 'inputBatchNorm' in view && view.inputBatchNorm,
    activation: view.activation,
    convBlocks: conv ? conv.blocks.map(convBlockDraft) : defaultConvBlocks(view.activation),
    convHead: conv?.head ?? 'flatten',
    layers: view.hidden.map((h) => ({
      id: newLayerId(),
      units: String(h.units),
      batchNorm: h.batchNorm,
      bnPosition: h.bnPosition,
      ...(h.layerNorm ? { layerNorm: true } : {}),
      dropout: h.dropout ? String(h.dropout) : '0',
    })),
    batchSize: String(t.batchSize),
    learningRate: String(t.learningRate),
    epochs: String(t.epochs),
    optimizer: t.optimizer,
    seed: String(t.seed),
    validation: t.validation.kind,
    holdoutSize: t.validation.kind === 'holdout' ? String(t.validation.size) : '5000',
    trainLimit: t.trainLimit === null ? '' : String(t.trainLimit),
    bnMomentum: String(view.bnMomentum ?? BN_MOMENTUM),
    bnEpsilon: String(view.bnEpsilon ?? BN_EPSILON),
    dataset: datasetOf(config),
    initScale: String(config.model.initScale ?? 1),
    trainScale: t.trainScale ?? DEFAULT_INPUT_SCALE,
    evalScale: t.evalScale ?? DEFAULT_INPUT_SCALE,
    net: form || conv ? null : structuredClone(config.model.layers),
  };
}

/** Text to number: empty or unparsable text becomes NaN, which the schema reports by field name. */
function num(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

export type DraftResult = { ok: true; config: ExperimentConfig } | { ok: false; errors: FieldErrors };

/** The layer list the form's fields describe (numbers as typed: the schema judges them). */
function draftLayers(draft: Draft): LayerSpec[] {
  if (draft.net) return draft.net;
  const hidden = draft.layers.map((l): HiddenLayerForm => {
    const dropout = l.dropout.trim() === '' ? 0 : num(l.dropout);
    return {
      units: num(l.units),
      batchNorm: l.batchNorm,
      bnPosition: l.bnPosition,
      ...(l.layerNorm ? { layerNorm: true } : {}),
      ...(dropout !== 0 ? { dropout } : {}),
    };
  });
  const bn = { bnMomentum: num(draft.bnMomentum), bnEpsilon: num(draft.bnEpsilon) };
  if (draft.architecture === 'conv') {
    return layersFromConvForm({ blocks: draft.convBlocks.map(convBlockForm), head: draft.convHead, activation: draft.activation, hidden, ...bn });
  }
  return layersFromMlpForm({ inputBatchNorm: draft.inputBatchNorm, activation: draft.activation, hidden, ...bn });
}

/**
 * Errors of the layer list under the form's names: `model.layers.K.units` of the i-th hidden
 * Dense is `model.hidden.i.units`, its dropout's `rate` is `model.hidden.i.dropout`, a BatchNorm
 * setting is `model.bnMomentum` / `model.bnEpsilon`; a conv block's are `model.conv.b.…` (see
 * `convFieldError`).
 */
function formErrors(errors: FieldErrors, layers: readonly LayerSpec[], conv: boolean): FieldErrors {
  const dense = denseIndices(layers);
  const { own: out, rest } = conv ? convFormErrors(errors, layers) : { own: {}, rest: errors };
  for (const [path, message] of Object.entries(rest)) {
    const m = /^model\.layers\.(\d+)\.(\w+)$/.exec(path);
    const index = m ? Number(m[1]) : -1;
    const field = m?.[2];
    const hidden = dense.findIndex((d, i) => index >= d && index < (dense[i + 1] ?? layers.length - 1));
    let key = path;
    if (field === 'momentum' || field === 'epsilon') key = field === 'momentum' ? 'model.bnMomentum' : 'model.bnEpsilon';
    else if (field === 'units' && hidden >= 0) key = `model.hidden.${hidden}.units`;
    else if (field === 'rate' && hidden >= 0) key = `model.hidden.${hidden}.dropout`;
    out[key] ??= message;
  }
  return out;
}

/** Validates the form as typed. Error keys are config paths, e.g. `train.batchSize`, or the form's (see `formErrors`). */
export function parseDraft(draft: Draft, trainImages: number): DraftResult {
  const layers = draftLayers(draft);
  const result = parseExperiment(
    {
      model: {
        layers,
        ...(num(draft.initScale) === 1 ? {} : { initScale: num(draft.initScale) }),
      },
      train: {
        batchSize: num(draft.batchSize),
        learningRate: num(draft.learningRate),
        epochs: num(draft.epochs),
        optimizer: draft.optimizer,
        seed: num(draft.seed),
        validation: draft.validation === 'test' ? { kind: 'test' } : { kind: 'holdout', size: num(draft.holdoutSize) },
        trainLimit: draft.trainLimit.trim() === '' ? null : num(draft.trainLimit),
        // Left out at ÷255, as configs from before the choice are.
        ...(draft.trainScale === DEFAULT_INPUT_SCALE ? {} : { trainScale: draft.trainScale }),
        ...(draft.evalScale === DEFAULT_INPUT_SCALE ? {} : { evalScale: draft.evalScale }),
      },
      // Left out for MNIST, as configs from before the choice are.
      ...(draft.dataset === DEFAULT_DATASET ? {} : { dataset: draft.dataset }),
    },
    trainImages,
  );
  return result.ok ? result : { ok: false, errors: formErrors(result.errors, layers, draft.architecture === 'conv' && !draft.net) };
}
