import { DATASET_SPECS } from '../data/datasets';
import { describeError } from '../data/dataError';
import type { ImageSet } from '../data/imageSet';
import { datasetOf, INPUT_UNITS } from '../engine/config';
import { DEFAULT_INPUT_SCALE, inputScaleFactor } from '../engine/inputScale';
import { createModel, disposeModel, type Model } from '../engine/model';
import { workedBatch, type WorkedBatch } from '../engine/workedBatch';
import type { LoadedTestSet } from './modeDemoResponder';
import type { KeptModel } from './predictions';
import type { PostEvent, WorkedBatchRequest } from './protocol';

export interface WorkedBatchDeps {
  /** A run's kept final model (see `Predictor.model`). */
  model(runId: string): KeptModel | undefined;
  /** The loaded test images, uploaded; null while no data is loaded. */
  testSet(): LoadedTestSet | null;
  /** The same images' bytes, for the page to draw. */
  testImages(): ImageSet | null;
}

/** The network a request asks about: a run's kept model, or `config`'s network as it starts (built here, freed by `release`). */
function networkFor(request: WorkedBatchRequest, deps: WorkedBatchDeps): { net: Model; scale: number; release(): void; dataset: string } {
  if (request.runId !== null) {
    const kept = deps.model(request.runId);
    if (!kept) throw new Error("This run's final weights are not in memory: train it again, or use the network as it starts.");
    return { net: kept.net, scale: kept.scale, dataset: kept.dataset, release: () => {} };
  }
  const net = createModel(request.config.model, request.config.train.seed);
  const scale = inputScaleFactor(request.config.train.evalScale ?? DEFAULT_INPUT_SCALE);
  return { net, scale, dataset: datasetOf(request.config), release: () => disposeModel(net) };
}

/**
 * The worker's side of the lesson's worked BatchNorm computation: answers a `workedBatch` command
 * with `workedBatchResult` (the numbers, and the images' pixels and labels to draw them), or
 * `workedBatchError` with a message for the user. Never throws.
 */
export function createWorkedBatchResponder(post: PostEvent, deps: WorkedBatchDeps) {
  return async (request: WorkedBatchRequest): Promise<void> => {
    const { requestId } = request;
    try {
      const set = deps.testSet();
      const bytes = deps.testImages();
      if (!set || !bytes) throw new Error('The data is not loaded yet.');
      const network = networkFor(request, deps);
      let result: WorkedBatch;
      try {
        if (network.dataset !== set.dataset) {
          const [wants, loaded] = [DATASET_SPECS[datasetOf(request.config)].title, DATASET_SPECS[set.dataset].title];
          throw new Error(`This network reads ${wants}, but ${loaded} is loaded.`);
        }
        result = await workedBatch(network.net, set.tensors, request.bnLayer, request.unit, request.start, network.scale);
      } finally {
        network.release();
      }
      const from = result.start * INPUT_UNITS;
      const pixels = bytes.pixels.slice(from, from + result.count * INPUT_UNITS);
      const labels = bytes.labels.slice(result.start, result.start + result.count);
      post({ type: 'workedBatchResult', requestId, result, pixels, labels }, [pixels.buffer]);
    } catch (error) {
      post({ type: 'workedBatchError', requestId, message: describeError(error) });
    }
  };
}
