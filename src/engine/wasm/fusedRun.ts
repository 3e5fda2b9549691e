import type { ADAM } from '../optimizers';
import { ACT_CODE } from './mlpKernels';
import type { FusedDense } from './mlpPlan';
import type { Workspace } from './fusedStep';

/** Where one step's data and variables lie on tfjs' heap, and its Adam step size. */
export interface FusedInputs {
  /** The split's source images `[N, in]` float32 and labels `[N]` int32. */
  xs: number;
  labels: number;
  /** The split's first row in its source, and its input scale. */
  start: number;
  scale: number;
  /** Rows of the split, in batch order. */
  order: Int32Array;
  /** `writtenVariables(plan)`'s pointers. */
  written: number[];
  /** Adam's slots in `optimizer.slotVariables` order: m, v of each trainable variable. */
  slots: number[];
  alpha: number;
  adam: typeof ADAM;
}

/** Per layer, pointers to its kernel, bias and (with BN) gamma, beta, moving mean and variance. */
function variablePointers(plan: FusedDense[], written: number[]) {
  let w = 0;
  return plan.map((d) => {
    const kernel = written[w++]!;
    const bias = written[w++]!;
    if (!d.bn) return { kernel, bias, gamma: 0, beta: 0, movingMean: 0, movingVariance: 0 };
    return { kernel, bias, gamma: written[w++]!, beta: written[w++]!, movingMean: written[w++]!, movingVariance: written[w++]! };
  });
}

/** The batch's rows of the source images (scaled) into `ws.inputs[0]` and their labels into `ws.labels`. */
export function gatherBatch(ws: Workspace, inUnits: number, inputs: Pick<FusedInputs, 'xs' | 'labels' | 'start' | 'scale' | 'order'>): void {
  const rows = inputs.order.length;
  const idx = new Int32Array(ws.heap.memory.buffer, ws.idx, rows);
  for (let r = 0; r < rows; r++) idx[r] = inputs.start + inputs.order[r]!;
  ws.kernels.gatherRows(inputs.xs, ws.idx, rows, inUnits, inputs.scale, ws.inputs[0]!);
  ws.kernels.gatherInts(inputs.labels, ws.idx, rows, ws.labels);
  const { start, index, value } = ws.sparse;
  // Below half full, skipping the zeros pays (MNIST: ~19% of pixels are not zero).
  ws.sparseInput = ws.kernels.compressRows(ws.inputs[0]!, rows, inUnits, start, index, value) * 2 < rows * inUnits;
}

/** out `[rows, units]` = layer `l`'s Dense on its input (+ bias, ReLU if `act` says); the first layer skips zero inputs when sparse. */
export function denseForward(ws: Workspace, l: number, d: FusedDense, kernel: number, bias: number, out: number, rows: number, act: number): void {
  const s = ws.sparse;
  if (l === 0 && ws.sparseInput) ws.kernels.sparseGemm(s.start, s.index, s.value, rows, kernel, bias, out, d.units, act);
  else ws.kernels.gemm(ws.inputs[l]!, d.inUnits, 1, kernel, bias, out, rows, d.inUnits, d.units, act);
}

/** `ws.dKernel` = layer `l`'s input transposed times `dz` `[rows, units]`: its kernel's gradient. */
export function denseKernelGrad(ws: Workspace, l: number, d: FusedDense, dz: number, rows: number): void {
  const s = ws.sparse;
  if (l === 0 && ws.sparseInput) {
    ws.kernels.transposeCompressed(s.start, s.index, s.value, rows, d.inUnits, s.tStart, s.tIndex, s.tValue);
    ws.kernels.sparseGemm(s.tStart, s.tIndex, s.tValue, d.inUnits, dz, 0, ws.dKernel, d.units, 0);
  } else ws.kernels.gemm(ws.inputs[l]!, 1, d.inUnits, dz, 0, ws.dKernel, d.inUnits, rows, d.units, 0);
}

/** Forward pass, with the moving statistics updated; leaves the loss gradient in `ws.grad[0]` and [loss, accuracy] in `ws.out`. */
function forward(plan: FusedDense[], ws: Workspace, inputs: FusedInputs, ptrs: ReturnType<typeof variablePointers>, rows: number): void {
  const k = ws.kernels;
  gatherBatch(ws, plan[0]!.inUnits, inputs);
  plan.forEach((d, l) => {
    const p = ptrs[l]!;
    const out = l + 1 < plan.length ? ws.inputs[l + 1]! : ws.logits;
    const act = ACT_CODE[d.activation];
    if (d.bn) {
      denseForward(ws, l, d, p.kernel, p.bias, ws.xhat[l]!, rows, 0);
      k.bnForward(ws.xhat[l]!, rows, d.units, p.gamma, p.beta, d.bn.epsilon, ws.mean[l]!, ws.variance[l]!, ws.inv[l]!, out, act);
      k.movingAverage(p.movingMean, ws.mean[l]!, d.units, d.bn.momentum, 1 - d.bn.momentum);
      k.movingAverage(p.movingVariance, ws.variance[l]!, d.units, d.bn.momentum, 1 - d.bn.momentum);
    } else {
      denseForward(ws, l, d, p.kernel, p.bias, out, rows, act === ACT_CODE.relu ? act : 0);
      if (act !== ACT_CODE.relu && act !== ACT_CODE.linear) k.activate(out, rows * d.units, act);
    }
  });
  k.softmaxCrossEntropy(ws.logits, ws.labels, rows, plan.at(-1)!.units, ws.grad[0], ws.out);
}

/**
 * One training step through our kernels (see fusedStep.ts); returns [loss, accuracy]. Layer by
 * layer from the output back: the kernel's transpose is taken before Adam changes it, and
 * BatchNorm's backward pass runs before its gamma is updated, so every gradient is the one tfjs
 * would compute from the same weights.
 */
export function runFused(plan: FusedDense[], ws: Workspace, inputs: FusedInputs): Float32Array {
  const k = ws.kernels;
  const rows = inputs.order.length;
  const ptrs = variablePointers(plan, inputs.written);
  forward(plan, ws, inputs, ptrs, rows);
  const { beta1, beta2, epsilon } = inputs.adam;
  const alpha = inputs.alpha;
  let slot = 0;
  const adam = (param: number, grad: number, size: number) => {
    k.adam(param, grad, inputs.slots[slot]!, inputs.slots[slot + 1]!, size, alpha, 1 - beta1, 1 - beta2, epsilon);
    slot += 2;
  };
  // Adam's slots follow the trainable variables' order, from the first layer; the pass runs backwards.
  const slotBase = plan.map((_, l) => plan.slice(0, l).reduce((n, e) => n + (e.bn ? 8 : 4), 0));
  let [dz, next] = ws.grad;
  for (let l = plan.length - 1; l >= 0; l--) {
    const d = plan[l]!;
    const p = ptrs[l]!;
    slot = slotBase[l]!;
    if (l > 0) k.transpose(p.kernel, d.inUnits, d.units, ws.kernelT);
    denseKernelGrad(ws, l, d, dz, rows);
    k.colSum(dz, rows, d.units, ws.dVector[0]);
    adam(p.kernel, ws.dKernel, d.inUnits * d.units);
    adam(p.bias, ws.dVector[0], d.units);
    if (l === 0) break;
    const below = plan[l - 1]!;
    k.gemm(dz, d.units, 1, ws.kernelT, 0, next, rows, d.units, d.inUnits, 0);
    k.activationBackward(next, ws.inputs[l]!, rows * d.inUnits, ACT_CODE[below.activation]);
    if (below.bn) {
      const q = ptrs[l - 1]!;
      k.bnBackward(next, ws.xhat[l - 1]!, rows, below.units, q.gamma, ws.inv[l - 1]!, ws.dVector[0], ws.dVector[1]);
      slot = slotBase[l - 1]! + 4;
      adam(q.gamma, ws.dVector[0], below.units);
      adam(q.beta, ws.dVector[1], below.units);
    }
    [dz, next] = [next, dz];
  }
  return new Float32Array(ws.heap.memory.buffer, ws.out, 2).slice();
}
