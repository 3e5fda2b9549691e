import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultExperiment, type ExperimentConfig } from '../engine/config';
import { makeSplits } from '../engine/dataTensors';
import type { LossAccuracy } from '../engine/metrics';
import { allVariables, createModel, disposeModel, type Model } from '../engine/model';
import { RunControl } from '../engine/runControl';
import { mlp } from '../engine/testing/mlp';
import { useRealMnistOnWasm } from '../engine/testing/realMnistOnWasm';
import { runExperiment } from '../engine/train';
import type { LearningRateMark } from '../runs/runRecord';
import { runName } from '../runs/runName';
import { appendSteps, emptySeries } from '../runs/stepSeries';
import { importRunsJson } from '../share/runsFile';
import { placeLayers } from './layerTable';
import { CONVNET_LAYERS, EVERY_KIND_LAYERS, experimentOf } from './testing/configs';
import { MNIST_DIR, PYTHON, run, runFailing, torchMissing, TORCHRUN, torchrunArgs, writePytorchExport } from './testing/python';
import { torchTensors } from './torchLayers';
import { readWeightsFile, weightsFileJson } from './weightsFile';

/**
 * The exported PyTorch file, run by Debian's PyTorch on a subset of real MNIST (2,000 training
 * images, 2 epochs: 126 steps), against the engine trained on the same (wasm, in Node).
 */
const mnist = useRealMnistOnWasm();

beforeAll(() => {
  const missing = torchMissing();
  if (missing) throw new Error(missing);
});

const subset = (model: ExperimentConfig['model']): ExperimentConfig => {
  const config = defaultExperiment();
  return { ...config, model, train: { ...config.train, trainLimit: 2000, epochs: 2 } };
};
const WITH_BN = subset(defaultExperiment().model);
const WITHOUT_BN = subset(
  mlp([
    { units: 128, batchNorm: false, bnPosition: 'before' },
    { units: 64, batchNorm: false, bnPosition: 'before' },
  ]),
);

const EVERY_KIND = experimentOf(EVERY_KIND_LAYERS, { trainLimit: 2000, epochs: 2 });
const CONVNET = experimentOf(CONVNET_LAYERS, { trainLimit: 2000, epochs: 2 });

const exportOf = (config: ExperimentConfig) => writePytorchExport({ config, name: runName(config), learningRateMarks: [] });
const layerValues = (net: Model): Promise<Float32Array[][]> => Promise.all(net.layers.map((l) => Promise.all(l.variables.map((v) => v.data<'float32'>()))));

/**
 * The engine's run of `config`: its per-step losses, test metrics, trained weights and learning-rate
 * marks. `newRate`, if given, is set (as the page sets it) once the first steps are delivered.
 */
async function trainInEngine(config: ExperimentConfig, newRate?: number) {
  const losses: number[] = [];
  const accuracies: number[] = [];
  const marks: LearningRateMark[] = [];
  const control = new RunControl();
  let kept: Model | null = null;
  const outcome = await runExperiment(
    config,
    makeSplits(mnist.train, mnist.test, config.train),
    control,
    {
      onSteps: (p) => {
        if (newRate !== undefined && losses.length === 0) control.setLearningRate(newRate);
        losses.push(...p.loss);
        accuracies.push(...p.accuracy);
      },
      onEpoch: () => {},
      onLearningRate: (step, learningRate) => marks.push({ step, learningRate }),
      onPaused: () => {},
      onResumed: () => {},
    },
    null,
    (net) => ((kept = net), true),
  );
  if (outcome.status !== 'completed' || !kept) throw new Error(`the engine's run ended ${outcome.status}`);
  const net: Model = kept;
  const weights = await layerValues(net);
  disposeModel(net);
  return { losses, accuracies, test: outcome.test, weights, marks };
}

/** The Python run's history, read by the app's own importer. */
function importPythonRun(dir: string, file: string) {
  const imported = importRunsJson(readFileSync(join(dir, file), 'utf8'), 60_000);
  expect(imported.errors).toEqual([]);
  expect(imported.runs).toHaveLength(1);
  return imported.runs[0]!;
}

const smoothed = (losses: number[]) => appendSteps(emptySeries(), 1, Float32Array.from(losses), new Float32Array(losses.length)).lossSmooth;

describe.each([
  ['the tutorial model with BatchNorm', WITH_BN],
  ['the same model without BatchNorm', WITHOUT_BN],
  ['a network of every layer kind (image BatchNorm and dropout, pools, LayerNorm, tanh, sigmoid)', EVERY_KIND],
  ['a convnet (valid and strided same convolutions, BatchNorm, GroupNorm, LayerNorm and dropout on 16 channels)', CONVNET],
])('the exported PyTorch file of %s', (_label, config) => {
  let engine: Awaited<ReturnType<typeof trainInEngine>>;
  beforeAll(async () => {
    engine = await trainInEngine(config);
  }, 120_000);

  it("starts from the engine's initial weights for the same seed", async () => {
    const { dir, file } = exportOf(config);
    run(PYTHON, [file, '--data', MNIST_DIR, '--epochs', '0', '--save-weights', 'init.json'], dir);
    const saved = readWeightsFile(readFileSync(join(dir, 'init.json'), 'utf8'));
    const net = createModel(config.model, config.train.seed);
    try {
      const values = await layerValues(net);
      const expected = placeLayers(config.model.layers).flatMap((layer, i) => torchTensors(layer, values[i]!));
      expect([...saved.keys()].sort()).toEqual(expected.map((t) => t.name).sort());
      let worst = 0;
      for (const t of expected) {
        const got = saved.get(t.name)!;
        expect(got.shape, t.name).toEqual(t.shape);
        t.values.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - got.values[k]!))));
      }
      expect(worst).toBeLessThanOrEqual(1e-6);
      expect(allVariables(net).length).toBeGreaterThan(0);
    } finally {
      disposeModel(net);
    }
  }, 60_000);

  it('trains as the engine does: first loss to 1e-4, smoothed loss within 2% for 100 steps, test accuracy within 0.5 points, and the app imports its history', () => {
    const { dir, file } = exportOf(config);
    const out = run(PYTHON, [file, '--data', MNIST_DIR, '--out', 'runs.json', '--threads', '1'], dir);
    expect(out).toMatch(/^Epoch 1\/2$/m);
    expect(out).toMatch(/^63\/63 - \d+s - \d+ms\/step - accuracy: [\d.]+ - loss: [\d.]+ - val_accuracy: [\d.]+ - val_loss: [\d.]+$/m);
    const python = importPythonRun(dir, 'runs.json');
    expect(python.status).toBe('completed');
    expect(python.series.length).toBe(engine.losses.length);
    expect(Math.abs(python.series.loss[0]! - engine.losses[0]!)).toBeLessThanOrEqual(1e-4);
    const ours = smoothed(engine.losses);
    const theirs = python.series.lossSmooth;
    let worst = 0;
    for (let i = 0; i < 100; i++) worst = Math.max(worst, Math.abs(theirs[i]! - ours[i]!) / ours[i]!);
    console.log(
      `${runName(config)}: first loss ${engine.losses[0]!.toFixed(6)} (engine) ${python.series.loss[0]!.toFixed(6)} (PyTorch); smoothed loss within ${(worst * 100).toPrecision(2)}% over 100 steps; test accuracy ${engine.test.accuracy} (engine) ${python.test!.accuracy} (PyTorch)`,
    );
    console.log(Array.from({ length: 126 }, (_, i) => ((python.series.loss[i]! - engine.losses[i]!) / engine.losses[i]!).toExponential(1)).join(' '));
    expect(worst).toBeLessThanOrEqual(0.02);
    expect(python.series.length).toBe(126);
    expect(Math.abs(python.test!.accuracy - engine.test.accuracy)).toBeLessThanOrEqual(0.005);
  }, 120_000);

  it("evaluates the engine's trained weights (--weights) to the engine's test accuracy", () => {
    const { dir, file } = exportOf(config);
    writeFileSync(join(dir, 'trained.weights.json'), weightsFileJson(config.model.layers, engine.weights));
    const out = run(PYTHON, [file, '--data', MNIST_DIR, '--weights', 'trained.weights.json', '--epochs', '0'], dir);
    const [, loss, accuracy] = /^test: loss ([\d.]+) - accuracy ([\d.]+)$/m.exec(out) ?? [];
    const test: LossAccuracy = { loss: Number(loss), accuracy: Number(accuracy) };
    expect(test.accuracy).toBeCloseTo(engine.test.accuracy, 4);
    expect(test.loss).toBeCloseTo(engine.test.loss, 3);
  }, 60_000);
});

describe('bad input to the exported PyTorch file', () => {
  it('gets a message naming what is wrong, not a traceback', () => {
    const { dir, file } = exportOf(WITH_BN);
    const noData = runFailing(PYTHON, [file, '--data', dir], dir);
    expect(noData.status).toBe(1);
    expect(noData.stderr).toMatch(/train-images-idx3-ubyte.gz is missing: --data must be a folder holding/);
    writeFileSync(join(dir, 'other.weights.json'), JSON.stringify({ format: 'batchnorm-playground-weights', version: 1, layers: [], tensors: {} }));
    const wrong = runFailing(PYTHON, [file, '--data', MNIST_DIR, '--weights', 'other.weights.json', '--epochs', '0'], dir);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/does not fit this model: 1.weight should be of shape \[128, 784\], it is missing/);
    writeFileSync(join(dir, 'not.json'), 'hello');
    expect(runFailing(PYTHON, [file, '--data', MNIST_DIR, '--weights', 'not.json'], dir).stderr).toMatch(/cannot read it as JSON/);
    expect(runFailing(PYTHON, [file, '--data', MNIST_DIR, '--epochs', '-1'], dir).stderr).toMatch(/--epochs must be 0 or more/);
  }, 60_000);
});

describe('a learning-rate change made mid-run', () => {
  it('is reproduced by the exported file at the same step: every step’s loss within 0.1% of the engine’s', async () => {
    const engine = await trainInEngine(WITH_BN, 1e-4);
    expect(engine.marks).toHaveLength(1);
    expect(engine.marks[0]!.step).toBeGreaterThan(0);
    const { dir, file } = writePytorchExport({ config: WITH_BN, name: runName(WITH_BN), learningRateMarks: engine.marks });
    run(PYTHON, [file, '--data', MNIST_DIR, '--out', 'runs.json', '--threads', '1'], dir);
    const python = importPythonRun(dir, 'runs.json');
    expect(python.learningRateMarks).toEqual(engine.marks);
    let worst = 0;
    engine.losses.forEach((loss, i) => (worst = Math.max(worst, Math.abs(python.series.loss[i]! - loss) / loss)));
    expect(worst).toBeLessThanOrEqual(1e-3);
    // The change mattered: the run without it is another run.
    const unchanged = await trainInEngine(WITH_BN);
    expect(Math.abs(unchanged.losses.at(-1)! - engine.losses.at(-1)!) / engine.losses.at(-1)!).toBeGreaterThan(0.01);
  }, 120_000);
});

describe('the exported PyTorch file under torchrun', () => {
  it('trains in 2 processes with --sync-bn: the same accuracy range, and BatchNorm moving statistics identical in both', async () => {
    const { dir, file } = exportOf(WITH_BN);
    const out = run(
      TORCHRUN,
      [...(await torchrunArgs(2)), file, '--data', MNIST_DIR, '--sync-bn', '--out', 'runs.json', '--save-weights', 'rank{rank}.json'],
      dir,
      180_000,
    );
    expect(out).toContain('2 processes, SyncBatchNorm');
    const python = importPythonRun(dir, 'runs.json');
    const [rank0, rank1] = ['rank0.json', 'rank1.json'].map((f) => readWeightsFile(readFileSync(join(dir, f), 'utf8')));
    const stats = [...rank0!.keys()].filter((k) => /running_(mean|var)$/.test(k));
    expect(stats).toHaveLength(4);
    for (const name of stats) expect(Array.from(rank1!.get(name)!.values), name).toEqual(Array.from(rank0!.get(name)!.values));
    console.log(`torchrun, 2 processes, --sync-bn: test accuracy ${python.test!.accuracy}`);
    expect(python.test!.accuracy).toBeGreaterThan(0.85);
  }, 180_000);
});
