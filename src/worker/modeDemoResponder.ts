import { DATASET_SPECS } from '../data/datasets';
import { describeError } from '../data/dataError';
import type { DatasetId } from '../engine/config';
import type { ImageTensors } from '../engine/dataTensors';
import { modeDemo } from '../engine/modeDemo';
import type { KeptModel } from './predictions';
import type { PostEvent } from './protocol';

/** The test images of the data loaded now: uploaded, and their labels on the CPU. */
export interface LoadedTestSet {
  dataset: DatasetId;
  tensors: ImageTensors;
  /** `[count]` classes 0..9. */
  labels: Uint8Array;
}

export interface ModeDemoDeps {
  /** A run's kept final model (see `Predictor.model`). */
  model(runId: string): KeptModel | undefined;
  /** Null while no data is loaded. */
  testSet(): LoadedTestSet | null;
}

/**
 * The worker's side of the training-mode/inference-mode demonstration: answers a `modeDemo`
 * command with `modeDemoResult`, or `modeDemoError` with a message for the user. Never throws.
 */
export function createModeDemoResponder(post: PostEvent, deps: ModeDemoDeps) {
  return async (requestId: number, runId: string, digit: number): Promise<void> => {
    let kept: KeptModel | undefined;
    try {
      kept = deps.model(runId);
      if (!kept) {
        throw new Error(
          "This run's final weights are not in memory: the most recent runs that finished or were stopped since the page was opened keep them. Train it again.",
        );
      }
      const set = deps.testSet();
      if (!set) throw new Error('The data is not loaded yet.');
      if (set.dataset !== kept.dataset) {
        const [trained, loaded] = [DATASET_SPECS[kept.dataset].title, DATASET_SPECS[set.dataset].title];
        throw new Error(`This run was trained on ${trained}, but ${loaded} is loaded: choose ${trained} under Data first.`);
      }
      // Images as the run's own evaluation saw them (its pixel scaling).
      const result = await modeDemo(kept.net, set.tensors, set.labels, digit, kept.scale);
      post({ type: 'modeDemoResult', requestId, runId, result });
    } catch (error) {
      // A model freed mid-request (the run deleted meanwhile) fails inside tfjs: say it plainly.
      const freed = kept !== undefined && deps.model(runId) !== kept;
      const message = freed ? 'This run was deleted or its weights freed during the demonstration.' : describeError(error);
      post({ type: 'modeDemoError', requestId, runId, message });
    }
  };
}
