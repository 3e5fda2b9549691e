/**
 * Trains the tutorial network twice from the same start on WebGL: once with the optimizer's
 * WebGL shader update (what the app runs), once with the same rule written in tfjs ops, and
 * reports how far the weights drifted apart. Read by webglKernels.e2e.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { defaultExperiment } from '../../engine/config';
import { makeSplits, uploadImageSet } from '../../engine/dataTensors';
import { allVariables, createMlp } from '../../engine/model';
import { ADAM, createOptimizer, type Optimizer } from '../../engine/optimizers';
import { syntheticImageSet } from '../../engine/testing/syntheticData';
import { trainStep } from '../../engine/train';

declare global {
  interface Window {
    webglCheck(): Promise<{ backend: string; maxDiff: number; moved: number; steps: number }>;
  }
}

/** Adam in plain tfjs ops, per variable: the reference the shader must match. */
function referenceAdam(lr: number): Optimizer {
  const inner = createOptimizer('sgd', lr);
  let slots: tf.Variable[][] | null = null;
  let step = 0;
  return {
    ...inner,
    apply(variables, grads) {
      slots ??= variables.map((v) => [tf.variable(tf.zerosLike(v), false), tf.variable(tf.zerosLike(v), false)]);
      step += 1;
      variables.forEach((v, i) => {
        const [m, u] = slots![i] as [tf.Variable, tf.Variable];
        const g = grads[i]!;
        m.assign(tf.add(tf.mul(m, ADAM.beta1), tf.mul(g, 1 - ADAM.beta1)));
        u.assign(tf.add(tf.mul(u, ADAM.beta2), tf.mul(tf.square(g), 1 - ADAM.beta2)));
        const mHat = tf.div(m, 1 - ADAM.beta1 ** step);
        const uHat = tf.div(u, 1 - ADAM.beta2 ** step);
        v.assign(tf.sub(v, tf.mul(tf.div(mHat, tf.add(tf.sqrt(uHat), ADAM.epsilon)), lr)));
      });
    },
    dispose() {
      slots?.flat().forEach((s) => s.dispose());
    },
  };
}

window.webglCheck = async () => {
  await tf.setBackend('webgl');
  const config = defaultExperiment();
  const set = uploadImageSet(syntheticImageSet(320, 1));
  const splits = makeSplits(set, set, { ...config.train, trainLimit: 320 });
  const shader = createMlp(config.model, 5);
  const reference = createMlp(config.model, 5);
  const start = allVariables(shader)[0]!.clone();
  const a = createOptimizer('adam', 1e-3);
  const b = referenceAdam(1e-3);
  const steps = 30;
  for (let s = 0; s < steps; s++) {
    const order = Int32Array.from({ length: 32 }, (_, i) => (s * 32 + i) % 320);
    tf.dispose([trainStep(shader, a, splits, order), trainStep(reference, b, splits, order)]);
  }
  // A Dense bias right before BatchNorm has a true gradient of ~0, so float noise steers its
  // Adam steps (and the moving mean it feeds): those are left out, as in kerasEquivalence.test.ts.
  const noisy = new Set(shader.hidden.filter((h) => h.bn && h.bnPosition === 'before').flatMap((h) => [h.dense.bias.name, h.bn!.movingMean.name]));
  const pairs = allVariables(shader)
    .map((v, i) => [v, allVariables(reference)[i]!] as const)
    .filter(([v]) => !noisy.has(v.name));
  const maxDiff = Math.max(...pairs.map(([x, y]) => tf.tidy(() => tf.max(tf.abs(tf.sub(x, y))).dataSync()[0]!)));
  const moved = tf.tidy(() => tf.max(tf.abs(tf.sub(allVariables(shader)[0]!, start))).dataSync()[0]!);
  return { backend: tf.getBackend(), maxDiff, moved, steps };
};
