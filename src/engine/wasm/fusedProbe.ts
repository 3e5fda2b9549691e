import type { Split } from '../dataTensors';
import type { Model } from '../model';
import { denseForward, denseKernelGrad, gatherBatch } from './fusedRun';
import { fusedFor, type Workspace } from './fusedStep';
import { ACT_CODE } from './mlpKernels';
import type { FusedDense } from './mlpPlan';
import { tfjsHeap } from './tfjsHeap';

/**
 * A probe (src/engine/probe.ts) of a network our kernels cover, computed by them: the same values
 * in the same layout as `probeTensor` builds with tfjs ops, or null when tfjs must compute them.
 * Why: on WebAssembly a tfjs probe costs as much as ~25 fused training steps; through the kernels
 * it costs about one. Changes nothing: the moving statistics are read, not updated, and the
 * gradients are only measured.
 */
export function fusedProbeValues(net: Model, split: Split, rows: Int32Array, ps: readonly number[]): { values: Float32Array; percentiles: KnownPercentiles } | null {
  // The kernels take the ranks lowest first.
  if (ps.some((p, i) => i > 0 && p < ps[i - 1]!)) return null;
  const found = fusedFor(net, rows.length);
  const heap = tfjsHeap();
  if (!found || !heap || split.source.xs.dtype !== 'float32' || split.source.xs.shape[1] !== found.fused.plan[0]!.inUnits) return null;
  const { fused, workspace: ws } = found;
  const plan = fused.plan;
  const n = rows.length;
  const hidden = plan.slice(0, -1);
  const bnLayers = hidden.filter((d) => d.bn);
  const size = 2 + hidden.reduce((t, d) => t + n * d.units + (d.bn ? 2 * d.units : 0), 0) + 2 * plan.length + 2 + bnLayers.reduce((t, d) => t + 6 * d.units, 0);
  const out = new Float32Array(size);
  let at = 0;
  const copy = (ptr: number, count: number) => {
    out.set(new Float32Array(ws.heap.memory.buffer, ptr, count), at);
    at += count;
  };
  gatherBatch(ws, plan[0]!.inUnits, { xs: heap.pointer(split.source.xs), labels: heap.pointer(split.source.labels), start: split.start, scale: split.scale ?? 1, order: rows });
  const pointers = plan.map((d) => ({ kernel: heap.pointer(d.kernel), bias: heap.pointer(d.bias) }));
  trainForward(plan, ws, pointers, heap.pointer.bind(heap), n);
  copy(ws.out, 2);
  hidden.forEach((d, l) => {
    copy(ws.pre[l]!, n * d.units);
    if (d.bn) [ws.mean[l]!, ws.variance[l]!].forEach((p) => copy(p, d.units));
  });
  const percentiles = hidden.map((d, l) => activationPercentiles(ws, ws.pre[l]!, n, d.units, ps));
  gradientNorms(plan, ws, pointers, heap.pointer.bind(heap), n).forEach((v) => (out[at++] = v));
  inferForward(plan, ws, pointers, heap.pointer.bind(heap), n);
  copy(ws.out, 2);
  hidden.forEach((d, l) => {
    if (!d.bn) return;
    [d.bn.movingMean, d.bn.movingVariance, d.bn.gamma, d.bn.beta].forEach((v) => copy(heap.pointer(v), d.units));
    [ws.mean[l]!, ws.variance[l]!].forEach((p) => copy(p, d.units));
  });
  if (at !== size) throw new Error(`fused probe layout: wrote ${at} of ${size} values`);
  return { values: out, percentiles };
}

/** Per hidden layer, the percentiles of its activation inputs per unit `[units · ps]` and over the whole layer, as percentiles.ts computes them. */
export type KnownPercentiles = { unit: Float32Array; layer: [number, number, number] }[];

/**
 * `columnPercentiles` and `percentiles` (src/engine/percentiles.ts) of `pre` `[rows, units]`, by
 * our kernels: the same numbers, ~5× faster. Uses the gradient and weight-gradient buffers as scratch.
 */
function activationPercentiles(ws: Workspace, pre: number, rows: number, units: number, ps: readonly number[]): KnownPercentiles[number] {
  const k = ws.kernels;
  const buffer = ws.heap.memory.buffer;
  const ranksOf = (n: number) => ps.map((p) => (Math.min(100, Math.max(0, p)) / 100) * (n - 1));
  const [ranks, tmp, scratch, out] = [ws.dVector[0], ws.dVector[1], ws.grad[1], ws.dKernel];
  new Float64Array(buffer, ranks, ps.length).set(ranksOf(rows));
  k.columnPercentiles(pre, rows, units, ranks, ps.length, scratch, tmp, out);
  const unit = new Float32Array(buffer, out, units * ps.length).slice();
  new Float64Array(buffer, ranks, ps.length).set(ranksOf(rows * units));
  new Uint8Array(buffer).copyWithin(scratch, pre, pre + rows * units * 4);
  k.percentilesOf(scratch, rows * units, ranks, ps.length, tmp);
  return { unit, layer: Array.from(new Float64Array(buffer, tmp, ps.length)) as [number, number, number] };
}

type Pointers = { kernel: number; bias: number }[];

/** Keeps the first layer's Dense output `[count]` at `from` for the inference-mode pass (`ws.firstZ`), and puts it back at `to`. */
const keepFirstZ = (ws: Workspace, from: number, count: number) => new Uint8Array(ws.heap.memory.buffer).copyWithin(ws.firstZ, from, from + count * 4);
const copyFirstZ = (ws: Workspace, to: number, count: number) => void new Uint8Array(ws.heap.memory.buffer).copyWithin(to, ws.firstZ, ws.firstZ + count * 4);

/** Training-mode forward pass without touching the moving statistics: `pre`, batch statistics, x̂ and the loss gradient. */
function trainForward(plan: FusedDense[], ws: Workspace, ptrs: Pointers, pointer: (v: FusedDense['kernel']) => number, n: number): void {
  const k = ws.kernels;
  plan.forEach((d, l) => {
    const p = ptrs[l]!;
    if (d.activation === 'linear') return denseForward(ws, l, d, p.kernel, p.bias, ws.logits, n, 0);
    const pre = ws.pre[l]!;
    if (d.bn) {
      denseForward(ws, l, d, p.kernel, p.bias, ws.xhat[l]!, n, 0);
      if (l === 0) keepFirstZ(ws, ws.xhat[0]!, n * d.units);
      k.bnForward(ws.xhat[l]!, n, d.units, pointer(d.bn.gamma), pointer(d.bn.beta), d.bn.epsilon, ws.mean[l]!, ws.variance[l]!, ws.inv[l]!, pre, 0);
    } else {
      denseForward(ws, l, d, p.kernel, p.bias, pre, n, 0);
      if (l === 0) keepFirstZ(ws, pre, n * d.units);
    }
    new Uint8Array(ws.heap.memory.buffer).copyWithin(ws.inputs[l + 1]!, pre, pre + n * d.units * 4);
    k.activate(ws.inputs[l + 1]!, n * d.units, ACT_CODE[d.activation]);
  });
  k.softmaxCrossEntropy(ws.logits, ws.labels, n, plan.at(-1)!.units, ws.grad[0], ws.out);
}

/** The L2 norms of the loss gradient of each Dense layer's kernel and bias, from the first layer to the output layer. */
function gradientNorms(plan: FusedDense[], ws: Workspace, ptrs: Pointers, pointer: (v: FusedDense['kernel']) => number, n: number): number[] {
  const k = ws.kernels;
  const norms: number[] = new Array<number>(2 * plan.length).fill(0);
  const norm = (ptr: number, size: number) => {
    k.l2Norm(ptr, size, ws.out);
    return new Float32Array(ws.heap.memory.buffer, ws.out, 1)[0]!;
  };
  let [dz, next] = ws.grad;
  for (let l = plan.length - 1; l >= 0; l--) {
    const d = plan[l]!;
    denseKernelGrad(ws, l, d, dz, n);
    k.colSum(dz, n, d.units, ws.dVector[0]);
    norms[2 * l] = norm(ws.dKernel, d.inUnits * d.units);
    norms[2 * l + 1] = norm(ws.dVector[0], d.units);
    if (l === 0) break;
    const below = plan[l - 1]!;
    k.transpose(ptrs[l]!.kernel, d.inUnits, d.units, ws.kernelT);
    k.gemm(dz, d.units, 1, ws.kernelT, 0, next, n, d.units, d.inUnits, 0);
    k.activationBackward(next, ws.inputs[l]!, n * d.inUnits, ACT_CODE[below.activation]);
    if (below.bn) k.bnBackward(next, ws.xhat[l - 1]!, n, below.units, pointer(below.bn.gamma), ws.inv[l - 1]!, ws.dVector[0], ws.dVector[1]);
    [dz, next] = [next, dz];
  }
  return norms;
}

/** Inference-mode forward pass: the loss, and the mean and variance of each BatchNorm's input (in `ws.mean`, `ws.variance`). */
function inferForward(plan: FusedDense[], ws: Workspace, ptrs: Pointers, pointer: (v: FusedDense['kernel']) => number, n: number): void {
  const k = ws.kernels;
  plan.forEach((d, l) => {
    const p = ptrs[l]!;
    if (d.activation === 'linear') return denseForward(ws, l, d, p.kernel, p.bias, ws.logits, n, 0);
    const act = ACT_CODE[d.activation];
    // The first layer's Dense output is the training-mode pass's (the same weights and images): copied, not computed again.
    const dense = (out: number) => (l === 0 ? copyFirstZ(ws, out, n * d.units) : denseForward(ws, l, d, p.kernel, p.bias, out, n, 0));
    if (!d.bn) {
      dense(ws.inputs[l + 1]!);
      return k.activate(ws.inputs[l + 1]!, n * d.units, act);
    }
    const z = ws.xhat[l]!;
    dense(z);
    k.bnInfer(z, n, d.units, pointer(d.bn.movingMean), pointer(d.bn.movingVariance), pointer(d.bn.gamma), pointer(d.bn.beta), d.bn.epsilon, ws.inv[l]!, ws.inputs[l + 1]!, act);
    // Only the moments of BN's input are wanted here; x̂ and y are scratch.
    k.bnForward(z, n, d.units, pointer(d.bn.gamma), pointer(d.bn.beta), d.bn.epsilon, ws.mean[l]!, ws.variance[l]!, ws.inv[l]!, ws.pre[l]!, 0);
  });
  k.softmaxCrossEntropy(ws.logits, ws.labels, n, plan.at(-1)!.units, ws.grad[0], ws.out);
}
