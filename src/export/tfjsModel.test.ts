import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { readMnistFromDisk } from '../data/testing/readMnistFromDisk';
import { useLocalServer } from '../data/testing/localServer';
import type { DatasetImages } from '../data/imageSet';
import { defaultExperiment, type ExperimentConfig } from '../engine/config';
import { disposeImageTensors, makeSplits, uploadImageSet } from '../engine/dataTensors';
import type { LayerSpec } from '../engine/layers/spec';
import { disposeModel, type Model } from '../engine/model';
import { inputsFromBytes, predictProbabilities } from '../engine/predict';
import { RunControl } from '../engine/runControl';
import { runExperiment } from '../engine/train';
import { CONVNET_LAYERS, EVERY_KIND_LAYERS, experimentOf } from './testing/configs';
import { NoTfjsLayerError } from './tfjsLayers';
import { tfjsModelFiles } from './tfjsModel';

/** The files being served, by path under the server's /app/. */
const files = new Map<string, Uint8Array | string>();
// Connection: close, because training between two loads can outlast Node's 5 s keep-alive: fetch then reused a socket the server was closing (ECONNRESET).
const server = useLocalServer((req, res) => {
  const body = files.get((req.url ?? '').replace(/^\/app\//, ''));
  if (body === undefined) res.writeHead(404, { Connection: 'close' }).end();
  else res.writeHead(200, { Connection: 'close' }).end(body);
});

let mnist: DatasetImages;
beforeAll(async () => {
  await tf.setBackend('wasm');
  mnist = await readMnistFromDisk();
});

/** `config` trained for one epoch on 640 real images (wasm), so its moving statistics are its own; the caller disposes the model. */
async function trained(config: ExperimentConfig): Promise<Model> {
  const train = uploadImageSet(mnist.train);
  const test = uploadImageSet(mnist.test);
  let kept: Model | null = null;
  try {
    const run = { ...config, train: { ...config.train, trainLimit: 640, epochs: 1 } };
    const events = { onSteps() {}, onEpoch() {}, onLearningRate() {}, onPaused() {}, onResumed() {} };
    await runExperiment(run, makeSplits(train, test, run.train), new RunControl(), events, null, (net) => ((kept = net), true));
  } finally {
    disposeImageTensors(train);
    disposeImageTensors(test);
  }
  if (!kept) throw new Error('no model kept');
  return kept;
}

const values = (net: Model) => Promise.all(net.layers.map((l) => Promise.all(l.variables.map((v) => v.data<'float32'>()))));
const withoutGroupNorm = CONVNET_LAYERS.map((l): LayerSpec => (l.kind === 'groupNorm' ? { kind: 'batchNorm', momentum: 0.9, epsilon: 1e-3 } : l));

describe('the TF.js model download', () => {
  it.each([
    ['the tutorial model', defaultExperiment()],
    ['a network of every layer kind but convolutions', experimentOf(EVERY_KIND_LAYERS)],
    ['a convnet', experimentOf(withoutGroupNorm)],
  ])(
    'of %s loads with tf.loadLayersModel and predicts what the engine predicts in inference mode',
    async (_label, config) => {
      const net = await trained(config);
      try {
        const { modelJson, weightsBin } = tfjsModelFiles(config.model.layers, await values(net), 'run.weights.bin');
        files.set('model.json', modelJson);
        files.set('run.weights.bin', weightsBin);
        const before = tf.memory().numTensors;
        const model = await tf.loadLayersModel(`${server.baseUrl}model.json`);
        const pixels = mnist.test.pixels.subarray(0, 256 * 784);
        const xs = inputsFromBytes(pixels);
        const ours = await predictProbabilities(net, xs);
        const input = tf.tensor4d(xs, [256, 28, 28, 1]);
        const output = model.predict(input) as tf.Tensor;
        const theirs = await output.data();
        tf.dispose([input, output]);
        model.dispose();
        expect(tf.memory().numTensors).toBe(before);
        expect(theirs.length).toBe(ours.length);
        let worst = 0;
        ours.forEach((p, i) => (worst = Math.max(worst, Math.abs(p - theirs[i]!))));
        console.log(`${_label}: TF.js model against the engine, max |Δp| ${worst.toExponential(2)} over 256 test images`);
        expect(worst).toBeLessThanOrEqual(1e-5);
      } finally {
        disposeModel(net);
      }
    },
    120_000,
  );

  it('is refused with a reason for GroupNorm, which TF.js lacks', () => {
    const config = experimentOf(CONVNET_LAYERS);
    const zeros = config.model.layers.map(() => [] as Float32Array[]);
    expect(() => tfjsModelFiles(config.model.layers, zeros, 'x.bin')).toThrow(NoTfjsLayerError);
    expect(() => tfjsModelFiles(config.model.layers, zeros, 'x.bin')).toThrow(/TF.js has no GroupNormalization layer/);
  });
});
