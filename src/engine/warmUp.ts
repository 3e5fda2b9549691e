import type { ExperimentConfig } from './config';
import { uploadImageSet, disposeImageTensors, makeSplits, type ImageSetBytes, type ImageTensors } from './dataTensors';
import { evaluate } from './evaluate';
import { createModel, disposeModel } from './model';
import { createOptimizer } from './optimizers';
import { probeModel, probeRows } from './probe';
import { stateTensor } from './snapshot';
import { METRIC_STACK_SIZES, stackMetrics } from './stackMetrics';
import { trainStep } from './train';

/** Rows of one evaluation batch (evaluate's default): WebGL compiles a program per shape. */
const EVAL_ROWS = 1000;

/**
 * Goes once through everything a run does before and at its first delivery of steps, on a
 * throwaway network of `config`'s shape: a probe, a training step, stacking and reading the step
 * metrics at every stack size, a snapshot, and an evaluation batch. The backend compiles its
 * kernels (WebGL: shader programs, several seconds under software rendering) now rather than after
 * Train. WebGL also compiles per input shape, so given `data` (the uploaded images, which it only
 * reads) it gathers from those; without, from blank images of its own. Changes no model.
 */
export async function warmUp(config: ExperimentConfig, data?: { train: ImageTensors; test: ImageTensors }): Promise<void> {
  const rows = config.train.batchSize;
  const count = Math.max(rows, EVAL_ROWS);
  const blank: ImageSetBytes = { count, pixels: new Uint8Array(count * 784), labels: new Uint8Array(count) };
  const own = data ? null : uploadImageSet(blank);
  const sets = data ?? { train: own!, test: own! };
  const net = createModel(config.model, config.train.seed);
  const optimizer = createOptimizer(config.train.optimizer, config.train.learningRate);
  try {
    // Blank images are too few for a holdout: they stand in for the test images.
    const splits = makeSplits(sets.train, sets.test, { ...config.train, validation: data ? config.train.validation : { kind: 'test' }, trainLimit: null });
    await probeModel(net, splits.validation, probeRows(splits.validation), 0);
    const stats = trainStep(
      net,
      optimizer,
      splits,
      Int32Array.from({ length: rows }, (_, i) => i),
    );
    try {
      for (const size of METRIC_STACK_SIZES) {
        const stacked = stackMetrics(Array.from({ length: size }, () => stats));
        await stacked.data().finally(() => stacked.dispose());
      }
    } finally {
      stats.dispose();
    }
    const state = stateTensor(net, optimizer);
    await state.data().finally(() => state.dispose());
    await evaluate(net, { ...splits.validation, count: Math.min(EVAL_ROWS, splits.validation.count) });
  } finally {
    optimizer.dispose();
    disposeModel(net);
    if (own) disposeImageTensors(own);
  }
}
