import type { ExperimentConfig } from './config';
import { uploadImageSet, disposeImageTensors, makeSplits, type ImageSetBytes } from './dataTensors';
import { evaluate } from './evaluate';
import { createMlp, disposeMlp } from './model';
import { createOptimizer } from './optimizers';
import { trainStep } from './train';

/**
 * Runs one training step and one evaluation of `config`'s network on blank images and throws
 * everything away, so the backend compiles its kernels (WebGL: shader programs, several seconds
 * under software rendering) before the user presses Train rather than after. Changes no model.
 */
export async function warmUp(config: ExperimentConfig): Promise<void> {
  const rows = config.train.batchSize;
  // Enough rows for one evaluation batch too: WebGL compiles a program per shape.
  const count = Math.max(rows, 1000);
  const blank: ImageSetBytes = { count, pixels: new Uint8Array(count * 784), labels: new Uint8Array(count) };
  const set = uploadImageSet(blank);
  const mlp = createMlp(config.model, config.train.seed);
  const optimizer = createOptimizer(config.train.optimizer, config.train.learningRate);
  try {
    const splits = makeSplits(set, set, { ...config.train, validation: { kind: 'test' }, trainLimit: rows });
    const stats = trainStep(mlp, optimizer, splits, Int32Array.from({ length: rows }, (_, i) => i));
    try {
      await stats.data();
    } finally {
      stats.dispose();
    }
    await evaluate(mlp, splits.test);
  } finally {
    optimizer.dispose();
    disposeMlp(mlp);
    disposeImageTensors(set);
  }
}
