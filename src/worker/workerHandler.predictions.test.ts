import * as tf from '@tensorflow/tfjs-core';
import { mlp } from '../engine/testing/mlp';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import type { DatasetImages } from '../data/loadDataset';
import { CLASSES, defaultExperiment, INPUT_UNITS, type DatasetId, type ExperimentConfig } from '../engine/config';
import { predictedClasses } from '../engine/predictedClasses';
import { syntheticImageSet } from '../engine/testing/syntheticData';
import { MAX_KEPT_MODELS } from './predictions';
import type { WorkerEvent } from './protocol';
import { cpuHandler } from './testing/cpuHandler';

/** Two stand-in datasets that differ (other seeds); `slow` datasets wait for `release()`. */
function setup(slow: DatasetId[] = []) {
  const data: Record<DatasetId, DatasetImages> = {
    mnist: { train: syntheticImageSet(320, 1), test: syntheticImageSet(100, 2) },
    fashion: { train: syntheticImageSet(320, 3), test: syntheticImageSet(100, 4) },
  };
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => (release = r));
  const { handle, events, transfers, all } = cpuHandler(async (_base, onProgress, dataset, signal) => {
    onProgress({ loadedBytes: 1, totalBytes: 1 });
    if (slow.includes(dataset)) await gate;
    signal.throwIfAborted();
    return data[dataset];
  });
  const last = <T extends WorkerEvent['type']>(type: T) => all(type).at(-1);
  return { handle, events, transfers, data, last, release: () => release() };
}

const tiny = (dataset?: DatasetId, seed = 42): ExperimentConfig => {
  const c = defaultExperiment();
  c.model = { ...c.model, ...mlp([{ units: 16, batchNorm: true, bnPosition: 'before' }]) };
  c.train = { ...c.train, epochs: 2, learningRate: 1e-2, seed };
  return dataset ? { ...c, dataset } : c;
};

const rows = (probabilities: Float32Array) =>
  Array.from({ length: probabilities.length / CLASSES }, (_, i) => probabilities.subarray(i * CLASSES, (i + 1) * CLASSES));

describe('worker handler: predictions from a run’s final model', () => {
  it('keeps a finished run’s model and answers test images with probabilities, pixels and labels, in inference mode, tensors flat', async () => {
    const { handle, events, transfers, data, last } = setup();
    await handle({ type: 'loadData', baseUrl: 'http://x/' });
    await handle({ type: 'train', runId: 'r1', config: tiny() });
    const kept = events.findIndex((e) => e.type === 'modelKept');
    expect(events[kept]).toEqual({ type: 'modelKept', runId: 'r1', dataset: 'mnist' });
    // Kept before the run is reported ended, so the page can offer it at once.
    expect(events.findIndex((e) => e.type === 'runEnded')).toBeGreaterThan(kept);
    const ended = last('runEnded')!;
    if (ended.outcome.status !== 'completed') return expect.unreachable('run did not complete');

    const tensors = tf.memory().numTensors;
    await handle({ type: 'predict', requestId: 5, runId: 'r1', images: { kind: 'test', dataset: 'mnist', start: 0, count: 100 } });
    expect(tf.memory().numTensors).toBe(tensors);
    const answer = last('predictions')!;
    expect(answer).toMatchObject({ requestId: 5, runId: 'r1', count: 100 });
    expect(Array.from(answer.pixels!)).toEqual(Array.from(data.mnist.test.pixels.subarray(0, 100 * INPUT_UNITS)));
    expect(Array.from(answer.labels!)).toEqual(Array.from(data.mnist.test.labels));
    for (const row of rows(answer.probabilities!)) expect(row.reduce((a, b) => a + b)).toBeCloseTo(1, 5);
    // Inference mode on the whole test set: the arg-max accuracy is the run's own test accuracy.
    const correct = predictedClasses(answer.probabilities!).filter((p, i) => p === answer.labels![i]).length;
    expect(correct / 100).toBeCloseTo(ended.outcome.test.accuracy, 6);
    // The arrays travel as transferred buffers.
    expect(transfers[events.indexOf(answer)]).toEqual([answer.probabilities!.buffer, answer.pixels!.buffer, answer.labels!.buffer]);

    // A second question about one image gives the same answer as in the batch: nothing was updated.
    await handle({ type: 'predict', requestId: 6, runId: 'r1', images: { kind: 'test', dataset: 'mnist', start: 42, count: 1 } });
    Array.from(last('predictions')!.probabilities!).forEach((p, c) => expect(p).toBeCloseTo(answer.probabilities![42 * CLASSES + c]!, 5));
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('sees test images as the run’s own evaluation did, scaling included (the notebook’s pitfall)', async () => {
    const { handle, last } = setup();
    await handle({ type: 'loadData', baseUrl: 'http://x/' });
    const config = tiny();
    // Trained on pixels in 0–1, evaluated on raw 0–255 bytes: its test accuracy suffers, and so must the predictions.
    config.train.evalScale = 'raw';
    await handle({ type: 'train', runId: 'raw', config });
    const ended = last('runEnded')!;
    if (ended.outcome.status !== 'completed') return expect.unreachable('run did not complete');
    await handle({ type: 'predict', requestId: 1, runId: 'raw', images: { kind: 'test', dataset: 'mnist', start: 0, count: 100 } });
    const answer = last('predictions')!;
    const correct = predictedClasses(answer.probabilities!).filter((p, i) => p === answer.labels![i]).length;
    expect(correct / 100).toBeCloseTo(ended.outcome.test.accuracy, 6);
  });

  it('predicts a drawing; refuses a bad one, an unknown run and images that do not exist, with messages', async () => {
    const { handle, last } = setup();
    await handle({ type: 'loadData', baseUrl: 'http://x/' });
    await handle({ type: 'train', runId: 'r1', config: tiny() });
    const drawing = new Float32Array(INPUT_UNITS);
    for (let p = 0; p < INPUT_UNITS; p++) drawing[p] = Math.floor(p / 78.4) === 3 ? 0.8 : 0;
    await handle({ type: 'predict', requestId: 1, runId: 'r1', images: { kind: 'drawing', pixels: drawing } });
    const answer = last('predictions')!;
    expect(answer).toMatchObject({ requestId: 1, count: 1, pixels: null, labels: null });
    expect(answer.probabilities!.reduce((a, b) => a + b)).toBeCloseTo(1, 5);
    // The synthetic classes are bands of pixels: band 3 is class 3.
    expect(predictedClasses(answer.probabilities!)[0]).toBe(3);

    const asks = [
      { runId: 'r1', images: { kind: 'drawing' as const, pixels: new Float32Array(10) }, message: /784 values between 0 and 1/ },
      { runId: 'r1', images: { kind: 'drawing' as const, pixels: new Float32Array(INPUT_UNITS).fill(Number.NaN) }, message: /784 values between 0 and 1/ },
      { runId: 'nope', images: { kind: 'test' as const, dataset: 'mnist' as const, start: 0, count: 5 }, message: /no model in memory/ },
      {
        runId: 'r1',
        images: { kind: 'test' as const, dataset: 'mnist' as const, start: 95, count: 10 },
        message: /Test images 95 to 104 do not exist: there are 100/,
      },
      { runId: 'r1', images: { kind: 'test' as const, dataset: 'mnist' as const, start: 0, count: 0 }, message: /do not exist/ },
      { runId: 'r1', images: { kind: 'test' as const, dataset: 'fashion' as const, start: 0, count: 5 }, message: /trained on MNIST, not Fashion-MNIST/ },
      { runId: null, images: { kind: 'test' as const, dataset: 'fashion' as const, start: 0, count: 5 }, message: /Fashion-MNIST test images are not loaded/ },
    ];
    for (const [i, ask] of asks.entries()) {
      await handle({ type: 'predict', requestId: 10 + i, runId: ask.runId, images: ask.images });
      const error = last('predictError')!;
      expect(error.requestId).toBe(10 + i);
      expect(error.message).toMatch(ask.message);
    }
  });

  it('gives test images without a run (no model needed)', async () => {
    const { handle, data, last } = setup();
    await handle({ type: 'loadData', baseUrl: 'http://x/' });
    await handle({ type: 'predict', requestId: 1, runId: null, images: { kind: 'test', dataset: 'mnist', start: 7, count: 2 } });
    const answer = last('predictions')!;
    expect(answer.probabilities).toBeNull();
    expect(Array.from(answer.labels!)).toEqual(Array.from(data.mnist.test.labels.subarray(7, 9)));
    expect(answer.pixels!.length).toBe(2 * INPUT_UNITS);
  });

  it(`keeps at most ${MAX_KEPT_MODELS} models, the most recent, and frees the rest; dropped models free every tensor`, async () => {
    const { handle, events } = setup();
    await handle({ type: 'loadData', baseUrl: 'http://x/' });
    const base = tf.memory().numTensors;
    const config = { ...tiny(), train: { ...tiny().train, epochs: 1 } };
    for (let i = 0; i <= MAX_KEPT_MODELS; i++) await handle({ type: 'train', runId: `r${i}`, config });
    expect(events.filter((e) => e.type === 'modelsDropped')).toEqual([{ type: 'modelsDropped', runIds: ['r0'] }]);
    // 8 variables per model: dense kernel and bias, BN gamma, beta and moving statistics, output kernel and bias.
    expect(tf.memory().numTensors).toBe(base + MAX_KEPT_MODELS * 8);
    const ids = Array.from({ length: MAX_KEPT_MODELS + 1 }, (_, i) => `r${i}`);
    await handle({ type: 'dropModels', runIds: ids });
    expect(events.at(-1)).toEqual({ type: 'modelsDropped', runIds: ids.slice(1) });
    expect(tf.memory().numTensors).toBe(base);
  });

  it('keeps a stopped run’s model but not a diverged one’s', async () => {
    const { handle, events } = setup();
    await handle({ type: 'loadData', baseUrl: 'http://x/' });
    const long = { ...tiny(), train: { ...tiny().train, epochs: 200 } };
    const running = handle({ type: 'train', runId: 'stopped', config: long });
    await new Promise((r) => setTimeout(r, 50));
    await handle({ type: 'stop', runId: 'stopped' });
    await running;
    const diverging = { ...tiny(), train: { ...tiny().train, optimizer: 'sgd' as const, learningRate: 1e8 } };
    diverging.model = { ...diverging.model, ...mlp([{ units: 32, batchNorm: false, bnPosition: 'before' }]) };
    await handle({ type: 'train', runId: 'diverged', config: diverging });
    const ends = events.flatMap((e) => (e.type === 'runEnded' ? [[e.runId, e.outcome.status]] : []));
    expect(ends).toEqual([
      ['stopped', 'stopped'],
      ['diverged', 'diverged'],
    ]);
    expect(events.filter((e) => e.type === 'modelKept').map((e) => e.type === 'modelKept' && e.runId)).toEqual(['stopped']);
  });
});

describe('worker handler: a second dataset', () => {
  it('switches to Fashion-MNIST, trains on it, keeps MNIST’s test images for older runs, and refuses a run for data not loaded', async () => {
    const { handle, events, data, last } = setup();
    await handle({ type: 'loadData', baseUrl: 'http://x/' });
    await handle({ type: 'train', runId: 'digits', config: tiny() });
    await handle({ type: 'loadData', baseUrl: 'http://x/', dataset: 'fashion' });
    expect(last('dataReady')).toEqual({ type: 'dataReady', dataset: 'fashion', trainCount: 320, testCount: 100 });
    expect(events.filter((e) => e.type === 'dataProgress').at(-1)).toMatchObject({ dataset: 'fashion' });

    await handle({ type: 'train', runId: 'wrong', config: tiny() });
    expect(last('runFailed')).toEqual({
      type: 'runFailed',
      runId: 'wrong',
      message: 'This run trains on MNIST, but Fashion-MNIST is loaded: choose MNIST under Data first.',
    });
    await handle({ type: 'train', runId: 'clothes', config: tiny('fashion') });
    expect(events.find((e) => e.type === 'modelKept' && e.runId === 'clothes')).toEqual({ type: 'modelKept', runId: 'clothes', dataset: 'fashion' });
    expect(last('runEnded')).toMatchObject({ runId: 'clothes', outcome: { status: 'completed' } });

    // The MNIST run still answers about MNIST test images; the Fashion run about Fashion's.
    await handle({ type: 'predict', requestId: 1, runId: 'digits', images: { kind: 'test', dataset: 'mnist', start: 0, count: 3 } });
    expect(Array.from(last('predictions')!.labels!)).toEqual(Array.from(data.mnist.test.labels.subarray(0, 3)));
    await handle({ type: 'predict', requestId: 2, runId: 'clothes', images: { kind: 'test', dataset: 'fashion', start: 0, count: 3 } });
    expect(Array.from(last('predictions')!.pixels!)).toEqual(Array.from(data.fashion.test.pixels.subarray(0, 3 * INPUT_UNITS)));
  });

  it('drops a load superseded by another: only the newer one reports ready', async () => {
    const { handle, events, release } = setup(['fashion']);
    const fashion = handle({ type: 'loadData', baseUrl: 'http://x/', dataset: 'fashion' });
    await handle({ type: 'loadData', baseUrl: 'http://x/', dataset: 'mnist' });
    release();
    await fashion;
    expect(events.filter((e) => e.type === 'dataReady' || e.type === 'dataError')).toEqual([
      { type: 'dataReady', dataset: 'mnist', trainCount: 320, testCount: 100 },
    ]);
  });

  it('refuses to switch data while a run trains on the old', async () => {
    const { handle, last } = setup();
    await handle({ type: 'loadData', baseUrl: 'http://x/' });
    const running = handle({ type: 'train', runId: 'a', config: { ...tiny(), train: { ...tiny().train, epochs: 100 } } });
    await new Promise((r) => setTimeout(r, 20));
    await handle({ type: 'loadData', baseUrl: 'http://x/', dataset: 'fashion' });
    expect(last('dataError')).toEqual({
      type: 'dataError',
      dataset: 'fashion',
      code: 'unknown',
      message: 'Runs are training on MNIST: stop them before switching to Fashion-MNIST.',
    });
    await handle({ type: 'stop', runId: 'a' });
    await running;
  });
});
