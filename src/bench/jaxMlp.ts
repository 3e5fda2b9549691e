/**
 * The bench's jax-js arm: the tutorial's MLP (Dense → BatchNorm in training mode → ReLU per hidden
 * layer, or Dense → ReLU without BN; Dense → softmax cross-entropy), Keras' Adam written with
 * jax-js ops (its optax package is not on the registry here), the whole step under `jit`. Runs
 * where jax-js runs: a bench worker, or Node for the equivalence test.
 */
import { blockUntilReady, jit, nn, numpy as np, tree, valueAndGrad } from '@jax-js/jax';

/** Starting weights, row-major as our engine keeps them: per Dense layer `kernel` `[in, out]` and `bias` `[out]`. */
export interface MlpInit {
  dense: { kernel: Float32Array<ArrayBuffer>; bias: Float32Array<ArrayBuffer>; inUnits: number; outUnits: number }[];
  /** BatchNorm after each hidden Dense (gamma 1, beta 0, moving mean 0, moving variance 1, as Keras starts them). */
  bn: boolean;
}

/** Training rows for the arm: `xs` `[count, 784]` float32, `labels` `[count]` int32 in 0…9. */
export interface MlpData {
  xs: Float32Array<ArrayBuffer>;
  labels: Int32Array<ArrayBuffer>;
  count: number;
}

const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
const BN = { momentum: 0.99, epsilon: 1e-3 };
const CLASSES = 10;

type Arrays = np.Array[];
type State = { params: Arrays; m: Arrays; v: Arrays; moving: Arrays };

/** Logits and the batch statistics (mean, variance per BN layer). Consumes `params` and `x`. */
function forward(params: Arrays, x: np.Array, bn: boolean): [np.Array, Arrays] {
  const perHidden = bn ? 4 : 2;
  const hidden = (params.length - 2) / perHidden;
  const stats: Arrays = [];
  let h = x;
  let i = 0;
  for (let l = 0; l < hidden; l++) {
    let z = np.dot(h, params[i++]!).add(params[i++]!);
    if (bn) {
      const mean = z.ref.mean(0);
      const centred = z.sub(mean.ref);
      const variance = np.square(centred.ref).mean(0);
      const inv = np.reciprocal(np.sqrt(variance.ref.add(BN.epsilon)));
      z = centred.mul(inv).mul(params[i++]!).add(params[i++]!);
      stats.push(mean, variance);
    }
    h = nn.relu(z);
  }
  return [np.dot(h, params[i]!).add(params[i + 1]!), stats];
}

function loss(params: Arrays, x: np.Array, labels: np.Array, bn: boolean): [np.Array, Arrays] {
  const batch = labels.shape[0]!;
  const [logits, stats] = forward(params, x, bn);
  const nll = nn
    .logSoftmax(logits)
    .mul(nn.oneHot(labels, CLASSES))
    .sum()
    .mul(-1 / batch);
  return [nll, stats];
}

/**
 * One step: gather the rows `idx` from `xs`/`labels`, loss and gradient, Keras' Adam
 * (m += (g − m)(1 − β₁); v += (g² − v)(1 − β₂); p −= α·m / (√v + ε), α carrying the bias
 * corrections), then the moving statistics. Consumes every argument.
 */
function step(state: State, xs: np.Array, labels: np.Array, idx: np.Array, alpha: np.Array, bn: boolean): [State, np.Array] {
  const x = xs.slice(idx.ref);
  const y = labels.slice(idx);
  const [[value, stats], grads] = valueAndGrad((p: Arrays) => loss(p, x, y, bn), { hasAux: true })(tree.ref(state.params));
  const m = state.m.map((mi, k) => mi.ref.add(grads[k]!.ref.sub(mi).mul(1 - ADAM.beta1)));
  const v = state.v.map((vi, k) =>
    vi.ref.add(
      np
        .square(grads[k]!)
        .sub(vi)
        .mul(1 - ADAM.beta2),
    ),
  );
  const params = state.params.map((p, k) => p.sub(m[k]!.ref.mul(alpha.ref).div(np.sqrt(v[k]!.ref).add(ADAM.epsilon))));
  alpha.dispose();
  const moving = state.moving.map((s, k) => s.mul(BN.momentum).add(stats[k]!.mul(1 - BN.momentum)));
  return [{ params, m, v, moving }, value];
}

/** Keras' Adam step size at update `t` (1 for the first), as our optimizers.ts computes it. */
const adamAlpha = (lr: number, t: number) => (lr * Math.sqrt(1 - ADAM.beta2 ** t)) / (1 - ADAM.beta1 ** t);

export interface JaxTrainer {
  /** Trains `steps` steps of `batchSize` rows and waits for the last; returns the wall time in ms. */
  train(steps: number): Promise<number>;
  /** The losses of the steps trained so far (one per step), for the equivalence test. */
  readonly losses: number[];
  /** The current weights, flattened in `MlpInit` order (kernel, bias, then gamma and beta per BN layer). */
  params(): Promise<Float32Array[]>;
  dispose(): void;
}

/**
 * A jax-js trainer over `data`, starting from `init`. Batches walk `data` in order, wrapping;
 * `keepLosses` reads every step's loss back (slower; for tests).
 */
export function createJaxTrainer(init: MlpInit, data: MlpData, batchSize: number, learningRate = 1e-3, keepLosses = false): JaxTrainer {
  const params: Arrays = [];
  const moving: Arrays = [];
  init.dense.forEach((d, i) => {
    params.push(np.array(d.kernel, { shape: [d.inUnits, d.outUnits] }), np.array(d.bias));
    if (init.bn && i < init.dense.length - 1) {
      params.push(np.ones([d.outUnits]), np.zeros([d.outUnits]));
      moving.push(np.zeros([d.outUnits]), np.ones([d.outUnits]));
    }
  });
  let state: State = { params, m: params.map((p) => np.zerosLike(p.ref)), v: params.map((p) => np.zerosLike(p.ref)), moving };
  const xs = np.array(data.xs, { shape: [data.count, init.dense[0]!.inUnits] });
  const labels = np.array(data.labels, { dtype: np.int32 });
  const jitted = jit((s: State, x: np.Array, y: np.Array, idx: np.Array, alpha: np.Array) => step(s, x, y, idx, alpha, init.bn));
  const losses: number[] = [];
  let t = 0;
  let cursor = 0;
  const nextIndices = () => {
    const idx = new Int32Array(batchSize);
    for (let k = 0; k < batchSize; k++) idx[k] = (cursor + k) % data.count;
    cursor = (cursor + batchSize) % data.count;
    return np.array(idx, { dtype: np.int32 });
  };
  return {
    losses,
    async train(steps) {
      const start = performance.now();
      let last: np.Array | null = null;
      for (let k = 0; k < steps; k++) {
        t += 1;
        const [next, value] = jitted(state, xs.ref, labels.ref, nextIndices(), np.array(adamAlpha(learningRate, t)));
        state = next;
        // Realized every step, as jax-js' own MNIST demo does: left pending, its lazy graph grows
        // and each step gets slower (in Node, 10× slower per step after 100 steps).
        await blockUntilReady(state);
        if (keepLosses) losses.push((await value.data())[0]!);
        else {
          last?.dispose();
          last = value;
        }
      }
      // data() consumes the array.
      if (last) await last.data();
      return performance.now() - start;
    },
    async params() {
      return Promise.all(state.params.map(async (p) => (await p.ref.data()) as Float32Array));
    },
    dispose() {
      tree.dispose(state);
      xs.dispose();
      labels.dispose();
      jitted.dispose();
    },
  };
}
