import * as tf from '@tensorflow/tfjs-core';
import { describeError } from '../data/dataError';
import type { ImageSet } from '../data/imageSet';
import type { ExperimentConfig } from '../engine/config';
import { disposeImageTensors, makeSplits, uploadImageSet } from '../engine/dataTensors';
import { createModel, disposeModel } from '../engine/model';
import { createOptimizer } from '../engine/optimizers';
import { trainStep } from '../engine/train';
import type { Lap } from './autoRace';
import type { BackendName } from './protocol';

/** Timed training per backend: about a second for a race of two, after each backend's first steps. */
export const LAP_MS = 400;
/** Untimed steps first: WebGL compiles its programs in them, every backend settles its memory. */
const WARM_STEPS = 2;
/** Steps between read-backs: the step's own work is timed, not a round trip per step. */
const STEPS_PER_READ = 4;
/** Distinct batches cycled through (fewer when the data has fewer images). */
const BATCHES = 8;

/**
 * Trains `config`'s model at its batch size on the first images of `train` for about `lapMs` on
 * each backend of `names`, in turn, and returns each one's samples per second (or why it could
 * not train). Side effect: tfjs' global backend is the last one raced; each lap frees what it
 * made (model, optimizer, the images it uploaded). `now`: a clock in ms.
 */
export async function raceBackends(
  names: readonly BackendName[],
  config: ExperimentConfig,
  train: ImageSet,
  lapMs = LAP_MS,
  now: () => number = () => performance.now(),
): Promise<Lap[]> {
  const laps: Lap[] = [];
  for (const name of names) {
    try {
      if (!(await tf.setBackend(name))) throw new Error(`${name} did not start`);
      await tf.ready();
      laps.push({ name, samplesPerS: await lap(config, train, lapMs, now) });
    } catch (error) {
      laps.push({ name, failure: describeError(error) });
    }
  }
  return laps;
}

/** One backend's lap: samples per second once warm. */
async function lap(config: ExperimentConfig, train: ImageSet, lapMs: number, now: () => number): Promise<number> {
  const batch = config.train.batchSize;
  const count = Math.min(train.count, batch * BATCHES);
  if (count < 1) throw new Error('no images to train on');
  const images = uploadImageSet({ count, pixels: train.pixels.subarray(0, count * 784), labels: train.labels.subarray(0, count) });
  const net = createModel(config.model, config.train.seed);
  const optimizer = createOptimizer(config.train.optimizer, config.train.learningRate);
  try {
    const splits = makeSplits(images, images, { ...config.train, validation: { kind: 'test' }, trainLimit: null });
    let step = 0;
    const order = () => {
      const start = (step++ * batch) % count;
      return Int32Array.from({ length: batch }, (_, i) => (start + i) % count);
    };
    /** `steps` steps, then the last one's metrics read back, so the backend has done them all. */
    const run = async (steps: number) => {
      for (let i = 0; i < steps - 1; i++) trainStep(net, optimizer, splits, order()).dispose();
      const stats = trainStep(net, optimizer, splits, order());
      await stats.data().finally(() => stats.dispose());
    };
    await run(WARM_STEPS);
    const t0 = now();
    let timed = 0;
    let elapsed = 0;
    do {
      await run(STEPS_PER_READ);
      timed += STEPS_PER_READ;
      elapsed = now() - t0;
    } while (elapsed < lapMs);
    return (timed * batch * 1000) / Math.max(elapsed, 1e-3);
  } finally {
    optimizer.dispose();
    disposeModel(net);
    disposeImageTensors(images);
  }
}
