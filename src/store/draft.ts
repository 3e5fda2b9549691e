import { BN_EPSILON, BN_MOMENTUM, DEFAULT_DATASET, datasetOf, type DatasetId, type Activation, type BnPosition, type ExperimentConfig, type OptimizerKind } from '../engine/config';
import { DEFAULT_INPUT_SCALE, type InputScale } from '../engine/inputScale';
import { parseExperiment, type FieldErrors } from '../engine/schema';

/** A hidden layer as the form holds it: the width as typed. */
export interface LayerDraft {
  /** Stable key for React lists; not part of the experiment. */
  id: number;
  units: string;
  batchNorm: boolean;
  bnPosition: BnPosition;
  /** LayerNorm instead of BatchNorm (the form switches the other off); absent means off. */
  layerNorm?: boolean;
}

/** The settings form: numbers kept as the text the user typed, so a bad value can be shown and fixed. */
export interface Draft {
  inputBatchNorm: boolean;
  activation: Activation;
  layers: LayerDraft[];
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
}

let nextLayerId = 1;
export function newLayerId(): number {
  return nextLayerId++;
}

export function draftFromConfig(config: ExperimentConfig): Draft {
  const t = config.train;
  return {
    inputBatchNorm: config.model.inputBatchNorm,
    activation: config.model.activation,
    layers: config.model.hidden.map((h) => ({
      id: newLayerId(),
      units: String(h.units),
      batchNorm: h.batchNorm,
      bnPosition: h.bnPosition,
      ...(h.layerNorm ? { layerNorm: true } : {}),
    })),
    batchSize: String(t.batchSize),
    learningRate: String(t.learningRate),
    epochs: String(t.epochs),
    optimizer: t.optimizer,
    seed: String(t.seed),
    validation: t.validation.kind,
    holdoutSize: t.validation.kind === 'holdout' ? String(t.validation.size) : '5000',
    trainLimit: t.trainLimit === null ? '' : String(t.trainLimit),
    bnMomentum: String(config.model.bnMomentum ?? BN_MOMENTUM),
    bnEpsilon: String(config.model.bnEpsilon ?? BN_EPSILON),
    dataset: datasetOf(config),
    initScale: String(config.model.initScale ?? 1),
    trainScale: t.trainScale ?? DEFAULT_INPUT_SCALE,
    evalScale: t.evalScale ?? DEFAULT_INPUT_SCALE,
  };
}

/** Text to number: empty or unparsable text becomes NaN, which the schema reports by field name. */
function num(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

export type DraftResult = { ok: true; config: ExperimentConfig } | { ok: false; errors: FieldErrors };

/** Validates the form as typed. Error keys are config paths, e.g. `train.batchSize`. */
export function parseDraft(draft: Draft, trainImages: number): DraftResult {
  return parseExperiment(
    {
      model: {
        inputBatchNorm: draft.inputBatchNorm,
        activation: draft.activation,
        hidden: draft.layers.map((l) => ({ units: num(l.units), batchNorm: l.batchNorm, bnPosition: l.bnPosition, ...(l.layerNorm ? { layerNorm: true } : {}) })),
        ...(num(draft.initScale) === 1 ? {} : { initScale: num(draft.initScale) }),
        // Left out at the Keras defaults, so configs (and share links) stay as they were.
        ...(num(draft.bnMomentum) === BN_MOMENTUM ? {} : { bnMomentum: num(draft.bnMomentum) }),
        ...(num(draft.bnEpsilon) === BN_EPSILON ? {} : { bnEpsilon: num(draft.bnEpsilon) }),
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
}
