import { DATASET_SPECS } from '../data/datasets';
import { describeError } from '../data/dataError';
import type { ImageSet } from '../data/imageSet';
import { INPUT_UNITS, type DatasetId } from '../engine/config';
import { featureMapBuffers, featureMaps } from '../engine/featureMaps';
import { inputsFromBytes } from '../engine/predict';
import type { KeptModel } from './predictions';
import type { PostEvent } from './protocol';

export interface FeatureMapsDeps {
  /** A run's kept final model (see `Predictor.model`). */
  model(runId: string): KeptModel | undefined;
  /** A dataset's test images, if the worker has loaded them (see `LoadedData.testImages`). */
  testImages(dataset: DatasetId): ImageSet | undefined;
}

/**
 * The worker's side of the feature maps: answers a `featureMaps` command with `featureMapsResult`
 * (arrays transferred), or `featureMapsError` with a message for the user. Never throws.
 */
export function createFeatureMapsResponder(post: PostEvent, deps: FeatureMapsDeps) {
  return async (requestId: number, runId: string, image: number): Promise<void> => {
    let kept: KeptModel | undefined;
    try {
      kept = deps.model(runId);
      if (!kept) {
        throw new Error(
          "This run's final weights are not in memory: the most recent runs that finished or were stopped since the page was opened keep them. Train it again.",
        );
      }
      const title = DATASET_SPECS[kept.dataset].title;
      const set = deps.testImages(kept.dataset);
      if (!set) throw new Error(`The ${title} test images are not loaded: choose ${title} under Data.`);
      if (!Number.isInteger(image) || image < 0 || image >= set.count) {
        throw new Error(`Test image ${image} does not exist: there are ${set.count.toLocaleString('en-US')}, numbered from 0.`);
      }
      // The image as the run's own evaluation saw it (its pixel scaling).
      const pixels = set.pixels.slice(image * INPUT_UNITS, (image + 1) * INPUT_UNITS);
      const maps = await featureMaps(kept.net, inputsFromBytes(pixels, kept.scale));
      post({ type: 'featureMapsResult', requestId, runId, image, label: set.labels[image]!, pixels, maps }, [pixels.buffer, ...featureMapBuffers(maps)]);
    } catch (error) {
      // A model freed mid-request (the run deleted meanwhile) fails inside tfjs: say it plainly.
      const freed = kept !== undefined && deps.model(runId) !== kept;
      const message = freed ? 'This run was deleted or its weights freed while its feature maps were computed.' : describeError(error);
      post({ type: 'featureMapsError', requestId, runId, message });
    }
  };
}
