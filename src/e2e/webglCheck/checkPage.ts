/**
 * Trains the tutorial network twice from the same start on WebGL: once with the optimizer's
 * WebGL shader update (what the app runs), once with the same rule in tfjs ops, and
 * reports how far the weights drifted apart. Read by webglKernels.e2e.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { defaultExperiment } from '../../engine/config';
import { makeSplits, uploadImageSet } from '../../engine/dataTensors';
import { allVariables, createModel } from '../../engine/model';
import { createOptimizer } from '../../engine/optimizers';
import { createRng } from '../../engine/rng';
import { syntheticImageSet } from '../../engine/testing/syntheticData';
import { trainStep } from '../../engine/train';
// The convolution's filter-gradient check shares the page.
import './convGradCheck';

declare global {
  interface Window {
    webglCheck(): Promise<{ backend: string; maxDiff: number; moved: number; steps: number; tinyRelativeDiff: number }>;
  }
}

window.webglCheck = async () => {
  await tf.setBackend('webgl');
  const config = defaultExperiment();
  const set = uploadImageSet(syntheticImageSet(320, 1));
  const splits = makeSplits(set, set, { ...config.train, trainLimit: 320 });
  const shader = createModel(config.model, 5);
  const reference = createModel(config.model, 5);
  const start = allVariables(shader)[0]!.clone();
  const a = createOptimizer('adam', 1e-3);
  // The same rule in tfjs ops: the reference.
  const b = createOptimizer('adam', 1e-3, { shaders: false });
  const steps = 30;
  for (let s = 0; s < steps; s++) {
    const order = Int32Array.from({ length: 32 }, (_, i) => (s * 32 + i) % 320);
    tf.dispose([trainStep(shader, a, splits, order), trainStep(reference, b, splits, order)]);
  }
  // A Dense bias right before BatchNorm has a true gradient of ~0, so float noise steers its
  // Adam steps (and the moving mean it feeds): those are left out, as in kerasEquivalence.test.ts.
  const noisy = new Set(
    shader.layers.flatMap((l, i) => {
      const next = shader.layers[i + 1];
      return l.spec.kind === 'dense' && next?.spec.kind === 'batchNorm' ? [l.variables[1]!.name, next.variables[2]!.name] : [];
    }),
  );
  const pairs = allVariables(shader)
    .map((v, i) => [v, allVariables(reference)[i]!] as const)
    .filter(([v]) => !noisy.has(v.name));
  const maxDiff = Math.max(...pairs.map(([x, y]) => tf.tidy(() => tf.max(tf.abs(tf.sub(x, y))).dataSync()[0]!)));
  const moved = tf.tidy(() => tf.max(tf.abs(tf.sub(allVariables(shader)[0]!, start))).dataSync()[0]!);
  return { backend: tf.getBackend(), maxDiff, moved, steps, tinyRelativeDiff: tinyGradientCheck() };
};

/**
 * 30 Adam steps on a [7, 6] variable from zero with gradients from 1e-9 to 1 in size, where
 * Keras' ε (added to √v) and tfjs' (added to √v̂) part ways: the largest gap between shader and
 * ops, relative to how far each entry moved.
 */
function tinyGradientCheck(): number {
  const rng = createRng(7);
  const shape: [number, number] = [7, 6];
  const grads = Array.from({ length: 30 }, () => Float32Array.from({ length: 42 }, (_, i) => 10 ** -(i % 10) * (rng.next() * 2 - 1)));
  const final = (shaders: boolean) => {
    const v = tf.variable(tf.zeros(shape));
    const optimizer = createOptimizer('adam', 1e-3, { shaders });
    for (const g of grads) tf.tidy(() => optimizer.apply([v], [tf.tensor2d(g, shape)]));
    const values = v.dataSync();
    optimizer.dispose();
    v.dispose();
    return values;
  };
  const shader = final(true);
  const ops = final(false);
  return Math.max(...Array.from(shader, (x, i) => Math.abs(x - ops[i]!) / Math.max(Math.abs(ops[i]!), 1e-12)));
}
