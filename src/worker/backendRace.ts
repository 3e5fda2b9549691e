import * as tf from '@tensorflow/tfjs-core';
import { describeError } from '../data/dataError';
import type { ImageSet } from '../data/imageSet';
import type { ExperimentConfig } from '../engine/config';
import { disposeImageTensors, makeSplits, uploadImageSet, type ImageTensors } from '../engine/dataTensors';
import { createModel, disposeModel, type Model } from '../engine/model';
import { createOptimizer, type Optimizer } from '../engine/optimizers';
import { trainStep } from '../engine/train';
import type { Lap } from './autoRace';
import type { BackendName } from './protocol';

/** Timed training per backend, in all: about a second for a race of two, after each backend's first steps. */
export const LAP_MS = 400;
/** The timed training is split into rounds that alternate between the backends; each keeps its fastest round, so a burst of other work on the machine during one round does not decide the race. */
const ROUNDS = 2;
/** Untimed steps first: WebGL compiles its programs in them, every backend settles its memory. */
const WARM_STEPS = 2;
/** Steps between read-backs: the step's own work is timed, not a round trip per step. */
const STEPS_PER_READ = 4;
/** Distinct batches cycled through (fewer when the data has fewer images). */
const BATCHES = 8;

/** What an entrant made on its backend: the run's model and optimizer, on its own copy of the first images. */
interface Made {
  images: ImageTensors;
  net: Model;
  optimizer: Optimizer;
  /** `steps` training steps, then the last one's metrics read back, so the backend has done them all. */
  run(steps: number): Promise<void>;
}

/** One backend in the race, its best round so far (samples/s), and why it dropped out, if it did. */
interface Entrant {
  name: BackendName;
  made: Partial<Made>;
  best: number;
  failure: string | null;
}

/**
 * Trains `config`'s model at its batch size on the first images of `train` on each backend of
 * `names`: first a few untimed steps each, then `lapMs` of timed training each, in alternating
 * rounds. Returns each backend's samples per second (its fastest round), or why it could not
 * train. Side effect: tfjs' global backend is the last one raced; everything made is freed.
 * `now`: a clock in ms.
 */
export async function raceBackends(
  names: readonly BackendName[],
  config: ExperimentConfig,
  train: ImageSet,
  lapMs = LAP_MS,
  now: () => number = () => performance.now(),
): Promise<Lap[]> {
  const entrants: Entrant[] = [];
  try {
    for (const name of names) entrants.push(await enter(name, config, train));
    for (let round = 0; round < ROUNDS; round++) {
      for (const e of entrants) if (!e.failure) await timeRound(e, config.train.batchSize, lapMs / ROUNDS, now);
    }
    return entrants.map((e) => (e.failure ? { name: e.name, failure: e.failure } : { name: e.name, samplesPerS: e.best }));
  } finally {
    for (const e of entrants) await leave(e);
  }
}

async function use(name: BackendName): Promise<void> {
  if (!(await tf.setBackend(name))) throw new Error(`${name} did not start`);
  await tf.ready();
}

/** Starts `name`, uploads the images and builds the model there, and runs the untimed steps; a failure is kept, not thrown. */
async function enter(name: BackendName, config: ExperimentConfig, train: ImageSet): Promise<Entrant> {
  const entrant: Entrant = { name, made: {}, best: 0, failure: null };
  const made = entrant.made;
  try {
    await use(name);
    const batch = config.train.batchSize;
    const count = Math.min(train.count, batch * BATCHES);
    if (count < 1) throw new Error('no images to train on');
    const images = (made.images = uploadImageSet({ count, pixels: train.pixels.subarray(0, count * 784), labels: train.labels.subarray(0, count) }));
    const net = (made.net = createModel(config.model, config.train.seed));
    const optimizer = (made.optimizer = createOptimizer(config.train.optimizer, config.train.learningRate));
    const splits = makeSplits(images, images, { ...config.train, validation: { kind: 'test' }, trainLimit: null });
    let step = 0;
    const order = () => {
      const start = (step++ * batch) % count;
      return Int32Array.from({ length: batch }, (_, i) => (start + i) % count);
    };
    made.run = async (steps) => {
      for (let i = 0; i < steps - 1; i++) trainStep(net, optimizer, splits, order()).dispose();
      const stats = trainStep(net, optimizer, splits, order());
      await stats.data().finally(() => stats.dispose());
    };
    await made.run(WARM_STEPS);
  } catch (error) {
    entrant.failure = describeError(error);
  }
  return entrant;
}

/** One timed round of about `ms` on the entrant's backend; keeps its best samples per second. */
async function timeRound(e: Entrant, batch: number, ms: number, now: () => number): Promise<void> {
  const run = e.made.run;
  if (!run) return;
  try {
    await use(e.name);
    const t0 = now();
    let steps = 0;
    let elapsed = 0;
    do {
      await run(STEPS_PER_READ);
      steps += STEPS_PER_READ;
      elapsed = now() - t0;
    } while (elapsed < ms);
    e.best = Math.max(e.best, (steps * batch * 1000) / Math.max(elapsed, 1e-3));
  } catch (error) {
    e.failure = describeError(error);
  }
}

/** Frees what the entrant made, on its own backend. */
async function leave(e: Entrant): Promise<void> {
  try {
    await use(e.name);
  } catch {
    // Its backend is gone; so is what it held there.
    return;
  }
  e.made.optimizer?.dispose();
  if (e.made.net) disposeModel(e.made.net);
  if (e.made.images) disposeImageTensors(e.made.images);
}
