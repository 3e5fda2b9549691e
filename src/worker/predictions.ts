import { DATASET_SPECS } from '../data/datasets';
import { describeError } from '../data/dataError';
import type { ImageSet } from '../data/imageSet';
import { INPUT_UNITS, type DatasetId } from '../engine/config';
import { disposeModel, type Model } from '../engine/model';
import { readModelWeights } from '../engine/modelWeights';
import { inputsFromBytes, predictProbabilities } from '../engine/predict';
import type { PostEvent, PredictImages } from './protocol';

/** Final models kept for predictions: the most recent this many; older ones are freed. */
export const MAX_KEPT_MODELS = 8;
/** Most test images one request may ask about: the whole test set. */
export const MAX_PREDICT_IMAGES = 10_000;

const NO_MODEL = `This run has no model in memory: only the ${MAX_KEPT_MODELS} most recent runs trained since the page was opened keep theirs.`;

export interface KeptModel {
  net: Model;
  dataset: DatasetId;
  /**
   * The factor on pixels in [0, 1] that gives this run's evaluation inputs (1 unless it was set up
   * to scale them otherwise, see `inputScaleFactor`): predictions see images as its test set did.
   */
  scale: number;
}

/** The worker's side of predictions: the runs' final models it keeps, and the answers it gives from them. */
export interface Predictor {
  /**
   * Takes ownership of `runId`'s trained model and posts `modelKept`. Past MAX_KEPT_MODELS the
   * oldest is freed and `modelsDropped` names it.
   */
  keep(runId: string, net: Model, dataset: DatasetId, scale?: number): void;
  /** Frees the models of these runs (those it has), posting `modelsDropped` for them. */
  drop(runIds: readonly string[]): void;
  /** `runId`'s kept model and the data it trained on, if kept; the predictor still owns it. */
  model(runId: string): KeptModel | undefined;
  /** Frees every model (their backend is gone), posting `modelsDropped`. */
  dropAll(): void;
  /**
   * Answers a `predict` command with `predictions` or `predictError` (same `requestId`). With a
   * `runId`, the run's kept model gives probabilities in inference mode; test images also come
   * back as pixels and labels (transferred), so the page can show them.
   */
  predict(requestId: number, runId: string | null, images: PredictImages): Promise<void>;
  /** Answers a `modelWeights` command with `modelWeights` (its values transferred) or `weightsError` (same `requestId`). */
  weights(requestId: number, runId: string): Promise<void>;
}

/**
 * `testSet(dataset)`: that dataset's test images if the worker has them (it keeps the test set of
 * every dataset it has loaded), else undefined.
 */
export function createPredictor(post: PostEvent, testSet: (dataset: DatasetId) => ImageSet | undefined): Predictor {
  /** Insertion order is recency: the first entry is the oldest. */
  const models = new Map<string, KeptModel>();

  const free = (runIds: readonly string[]) => {
    const dropped = runIds.filter((id) => {
      const kept = models.get(id);
      if (!kept) return false;
      disposeModel(kept.net);
      models.delete(id);
      return true;
    });
    if (dropped.length) post({ type: 'modelsDropped', runIds: dropped });
  };

  /** The inputs and what to send back with the probabilities; a message when the request cannot be met. */
  const gather = (runId: string | null, images: PredictImages) => {
    const kept = runId === null ? undefined : models.get(runId);
    if (runId !== null && !kept) {
      throw new Error(NO_MODEL);
    }
    if (images.kind === 'drawing') {
      if (!kept) throw new Error('A drawing needs a trained run to predict it.');
      const { pixels } = images;
      if (pixels.length !== INPUT_UNITS || !pixels.every((p) => p >= 0 && p <= 1)) {
        throw new Error(`A drawing must be ${INPUT_UNITS} values between 0 and 1 (28x28 pixels).`);
      }
      return { kept, xs: kept.scale === 1 ? pixels : pixels.map((p) => p * kept.scale), count: 1, pixels: null, labels: null };
    }
    const { dataset, start, count } = images;
    const title = DATASET_SPECS[dataset].title;
    if (kept && kept.dataset !== dataset) {
      throw new Error(`This run was trained on ${DATASET_SPECS[kept.dataset].title}, not ${title}.`);
    }
    const set = testSet(dataset);
    if (!set) throw new Error(`The ${title} test images are not loaded: choose ${title} under Data.`);
    if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 1 || count > MAX_PREDICT_IMAGES || start + count > set.count) {
      throw new Error(`Test images ${start} to ${start + count - 1} do not exist: there are ${set.count.toLocaleString('en-US')}, numbered from 0.`);
    }
    const pixels = set.pixels.slice(start * INPUT_UNITS, (start + count) * INPUT_UNITS);
    const labels = set.labels.slice(start, start + count);
    return { kept, xs: kept ? inputsFromBytes(pixels, kept.scale) : null, count, pixels, labels };
  };

  return {
    keep(runId, net, dataset, scale = 1) {
      if (models.has(runId)) free([runId]);
      models.set(runId, { net, dataset, scale });
      post({ type: 'modelKept', runId, dataset });
      if (models.size > MAX_KEPT_MODELS) free([...models.keys()].slice(0, models.size - MAX_KEPT_MODELS));
    },
    drop: free,
    model: (runId) => models.get(runId),
    dropAll() {
      free([...models.keys()]);
    },
    async predict(requestId, runId, images) {
      const hadModel = runId !== null && models.has(runId);
      try {
        const { kept, xs, count, pixels, labels } = gather(runId, images);
        const probabilities = kept && xs ? await predictProbabilities(kept.net, xs) : null;
        const transfer = [probabilities, pixels, labels].flatMap((a) => (a ? [a.buffer] : []));
        post({ type: 'predictions', requestId, runId, count, probabilities, pixels, labels }, transfer);
      } catch (error) {
        // A model freed mid-request (the run deleted meanwhile) fails inside tfjs: say it plainly.
        const gone = hadModel && !models.has(runId!);
        const message = gone ? 'This run was deleted or its model freed while predicting.' : describeError(error);
        post({ type: 'predictError', requestId, runId, message });
      }
    },
    weights: (requestId, runId) => postWeights(post, requestId, runId, () => models.get(runId)),
  };
}

/** Answers a `modelWeights` request from `kept()` (the run's model, read again afterwards to tell a freed one). */
async function postWeights(post: PostEvent, requestId: number, runId: string, kept: () => KeptModel | undefined): Promise<void> {
  const model = kept();
  if (!model) return post({ type: 'weightsError', requestId, runId, message: NO_MODEL });
  try {
    const { shapes, values } = await readModelWeights(model.net);
    post({ type: 'modelWeights', requestId, runId, shapes, values }, [values.buffer]);
  } catch (error) {
    const message = kept() ? describeError(error) : 'This run was deleted or its model freed while saving it.';
    post({ type: 'weightsError', requestId, runId, message });
  }
}
