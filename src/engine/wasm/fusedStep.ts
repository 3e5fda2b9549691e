import * as tf from '@tensorflow/tfjs-core';
import type { Split } from '../dataTensors';
import type { Model } from '../model';
import { ADAM, adamStepSize, type Optimizer } from '../optimizers';
import { canRunMlpKernels, instantiateMlpKernels, type MlpKernels } from './mlpKernels';
import { runFused } from './fusedRun';
import { fusedPlanOf, fusedTrainables, type FusedDense } from './mlpPlan';
import { tfjsHeap, type TfjsHeap } from './tfjsHeap';

/**
 * The whole training step of a plain MLP (Dense, BatchNorm in training mode, ReLU/sigmoid/tanh,
 * softmax cross-entropy, Keras' Adam) in our WebAssembly SIMD kernels, on tfjs' wasm heap: the
 * weights, Adam's slots and the moving statistics are the model's and the optimizer's own tfjs
 * variables, updated in place. One step is ~20 kernel calls instead of ~300 tfjs kernels, with no
 * transposes and fewer passes over memory.
 *
 * Why in place: copying weights and slots between tfjs and a module of our own each step would
 * cost more than the step at batch 32. Safe because a variable's data is written only when no
 * other tensor shares it (otherwise the step goes through tfjs).
 */

/** Scratch memory on tfjs' heap for one model at up to `rows` rows, laid out once. */
export interface Workspace {
  heap: TfjsHeap;
  kernels: MlpKernels;
  base: number;
  rows: number;
  idx: number;
  labels: number;
  /** Per layer: its input (the gathered batch, then each hidden layer's output) `[rows, in]`. */
  inputs: number[];
  /** Per hidden BN layer: pre-activations, then x̂ `[rows, units]`; batch mean, variance, inv `[units]`. */
  xhat: number[];
  mean: number[];
  variance: number[];
  inv: number[];
  /** Per hidden layer, for probes: the activation's input `[rows, units]`. */
  pre: number[];
  /** For probes: the first layer's Dense output `[rows, units]`, the same in training and inference mode. */
  firstZ: number;
  logits: number;
  /** Two `[rows, widest]` buffers for the gradient flowing back. */
  grad: [number, number];
  /** Weight and vector gradients, the transposed kernel: `[widest kernel]`, `[widest]` ×2. */
  dKernel: number;
  dVector: [number, number];
  kernelT: number;
  out: number;
  /** The batch's non-zero inputs, by row and by column (see `compressRows`), `[rows · in]` at most. */
  sparse: { start: number; index: number; value: number; tStart: number; tIndex: number; tValue: number };
  /** Whether this batch's first layer goes through `sparseGemm` (set by `gatherBatch`). */
  sparseInput: boolean;
}

export interface Fused {
  plan: FusedDense[];
  workspace: Workspace | null;
}

const cache = new WeakMap<Model, Fused | null>();
/** Models whose variables the fused step has written since `settleFusedWrites` last ran on them. */
const unsettled = new WeakSet<Model>();
let enabled = true;

/** Turns the fused path on or off for every model (tests and the bench compare both paths). */
export function useFusedKernels(on: boolean): void {
  enabled = on;
}

function layOut(heap: TfjsHeap, plan: FusedDense[], rows: number): Workspace {
  const widest = Math.max(...plan.map((d) => d.units), plan[0]!.inUnits);
  const widestKernel = Math.max(...plan.map((d) => d.inUnits * d.units));
  const sizes: number[] = [];
  const take = (floats: number) => sizes.push(Math.ceil(floats / 4) * 16) - 1;
  const slots = {
    idx: take(rows),
    labels: take(rows),
    inputs: plan.map((d) => take(rows * d.inUnits)),
    xhat: plan.map((d) => (d.bn ? take(rows * d.units) : -1)),
    pre: plan.map((d) => (d.activation !== 'linear' ? take(rows * d.units) : -1)),
    firstZ: take(rows * plan[0]!.units),
    stats: plan.map((d) => [take(d.units), take(d.units), take(d.units)]),
    logits: take(rows * plan.at(-1)!.units),
    grad: [take(rows * widest), take(rows * widest)],
    dKernel: take(widestKernel),
    dVector: [take(widest), take(widest)],
    kernelT: take(widestKernel),
    out: take(2),
    sparse: [take(rows + 1), take(rows * plan[0]!.inUnits), take(rows * plan[0]!.inUnits), take(plan[0]!.inUnits + 1), take(rows * plan[0]!.inUnits), take(rows * plan[0]!.inUnits)],
  };
  const base = heap.malloc(sizes.reduce((a, b) => a + b, 0));
  const offsets: number[] = [];
  sizes.reduce((at, size, k) => ((offsets[k] = at), at + size), base);
  const at = (slot: number) => (slot < 0 ? 0 : offsets[slot]!);
  return {
    heap,
    kernels: instantiateMlpKernels(heap.memory),
    base,
    rows,
    idx: at(slots.idx),
    labels: at(slots.labels),
    inputs: slots.inputs.map(at),
    xhat: slots.xhat.map(at),
    pre: slots.pre.map(at),
    firstZ: at(slots.firstZ),
    mean: slots.stats.map((s) => at(s[0]!)),
    variance: slots.stats.map((s) => at(s[1]!)),
    inv: slots.stats.map((s) => at(s[2]!)),
    logits: at(slots.logits),
    grad: [at(slots.grad[0]!), at(slots.grad[1]!)],
    dKernel: at(slots.dKernel),
    dVector: [at(slots.dVector[0]!), at(slots.dVector[1]!)],
    kernelT: at(slots.kernelT),
    out: at(slots.out),
    sparse: (([start, index, value, tStart, tIndex, tValue]) => ({ start, index, value, tStart, tIndex, tValue }))(
      slots.sparse.map(at) as [number, number, number, number, number, number],
    ),
    sparseInput: false,
  };
}

/** Frees the scratch memory a model's fused steps hold on tfjs' heap. Call when disposing the model. */
export function releaseFusedStep(model: Model): void {
  const fused = cache.get(model);
  if (fused?.workspace && fused.workspace.heap.backend === tf.backend()) fused.workspace.heap.free(fused.workspace.base);
  cache.delete(model);
}

/** The pointers of every variable the step writes, or null if one of them is shared (then tfjs does the step). */
function pointersOf(heap: TfjsHeap, variables: tf.Variable[]): number[] | null {
  const ptrs: number[] = [];
  for (const v of variables) {
    const p = heap.exclusivePointer(v);
    if (p === null || v.dtype !== 'float32') return null;
    ptrs.push(p);
  }
  return ptrs;
}

/**
 * The fused path's workspace for `net` at `rows` rows (or more), or null when tfjs must do the
 * work: another backend, no SIMD, a network the kernels do not cover.
 */
export function fusedFor(net: Model, rows: number): { fused: Fused; workspace: Workspace } | null {
  if (!enabled || tf.getBackend() !== 'wasm') return null;
  let fused = cache.get(net);
  if (fused === undefined) {
    const plan = fusedPlanOf(net);
    fused = plan && canRunMlpKernels() ? { plan, workspace: null } : null;
    cache.set(net, fused);
  }
  if (!fused) return null;
  const current = fused.workspace;
  if (current && current.heap.backend === tf.backend() && current.rows >= rows) return { fused, workspace: current };
  const heap = tfjsHeap();
  if (!heap) return null;
  if (current && current.heap.backend === heap.backend) heap.free(current.base);
  fused.workspace = layOut(heap, fused.plan, Math.max(rows, current?.rows ?? 0));
  return { fused, workspace: fused.workspace };
}

/** Every variable the fused step writes, in a fixed order: per layer kernel, bias, then BN's gamma, beta, moving mean and variance. */
export const writtenVariables = (plan: FusedDense[]): tf.Variable[] =>
  plan.flatMap((d) => [d.kernel, d.bias, ...(d.bn ? [d.bn.gamma, d.bn.beta, d.bn.movingMean, d.bn.movingVariance] : [])]);

/**
 * One training step of `net` on the rows `order` of `split` through our kernels, or null when it
 * must go through tfjs (see `fusedFor`; also when a variable's data is shared). Returns
 * `[loss, accuracy]` as a new tensor the caller owns. Side effects: updates the weights, Adam's
 * slots and iteration count, and BatchNorm's moving statistics, in place.
 */
export function fusedTrainStep(net: Model, optimizer: Optimizer, split: Split, order: Int32Array): tf.Tensor1D | null {
  const found = optimizer.kind === 'adam' ? fusedFor(net, order.length) : null;
  if (!found) return null;
  const { fused, workspace } = found;
  const { heap } = workspace;
  const source = split.source;
  if (source.xs.dtype !== 'float32' || source.labels.dtype !== 'int32' || source.xs.shape[1] !== fused.plan[0]!.inUnits) return null;
  const trainables = fusedTrainables(fused.plan);
  const slots = optimizer.slotVariables(trainables);
  const written = pointersOf(heap, writtenVariables(fused.plan));
  const slotPtrs = pointersOf(heap, slots);
  if (!written || !slotPtrs) return null;
  const step = optimizer.iterations + 1;
  const loss = runFused(fused.plan, workspace, {
    xs: heap.pointer(source.xs),
    labels: heap.pointer(source.labels),
    start: split.start,
    scale: split.scale ?? 1,
    order,
    written,
    slots: slotPtrs,
    alpha: adamStepSize(optimizer.learningRate, step),
    adam: ADAM,
  });
  optimizer.setIterations(step);
  unsettled.add(net);
  return tf.tensor1d(loss, 'float32');
}

/**
 * Gives every variable the fused step wrote since the last call new data holding the same values.
 * Why: tfjs' wasm backend packs a matMul's weights into an XNNPACK operator cached by the data's
 * id, so after our in-place writes its own matMuls (evaluation, predictions, tfjs steps) would
 * go on using the weights as they were when first packed. Call before tfjs computes with `net`.
 */
export function settleFusedWrites(net: Model): void {
  if (!unsettled.has(net)) return;
  unsettled.delete(net);
  const fused = cache.get(net);
  if (!fused) return;
  for (const v of writtenVariables(fused.plan)) {
    const copy = tf.tensor(v.dataSync().slice(), v.shape, 'float32');
    v.assign(copy);
    copy.dispose();
  }
}
