import type { Activation } from '../layers/spec';
import { MLP_KERNELS_WASM } from './mlpKernels.wasm.gen';

/**
 * Our WebAssembly SIMD kernels for a Dense / BatchNorm / activation / Adam training step
 * (source: wasm/mlpKernels.ts, AssemblyScript). The module keeps no memory of its own: it runs on
 * the memory it is instantiated with (tfjs' wasm heap, so it reads and writes tensors in place).
 * Every pointer is a byte offset into that memory; matrices are float32, row-major. See the
 * source for each kernel's exact arithmetic.
 */
export interface MlpKernels {
  /** C `[m, n]` = A·B (+ bias `[n]` unless 0, then ReLU if `act` is RELU); A(i, p) at `a + 4·(i·aRow + p·aInner)`, B `[k, n]`. */
  gemm(a: number, aRow: number, aInner: number, b: number, bias: number, c: number, m: number, k: number, n: number, act: number): void;
  transpose(src: number, rows: number, cols: number, dst: number): void;
  gatherRows(src: number, idx: number, count: number, cols: number, scale: number, dst: number): void;
  gatherInts(src: number, idx: number, count: number, dst: number): void;
  colSum(x: number, rows: number, n: number, out: number): void;
  activate(x: number, size: number, act: number): void;
  activationBackward(d: number, y: number, size: number, act: number): void;
  bnForward(z: number, rows: number, n: number, gamma: number, beta: number, eps: number, mean: number, variance: number, inv: number, y: number, act: number): void;
  bnBackward(dy: number, xhat: number, rows: number, n: number, gamma: number, inv: number, dgamma: number, dbeta: number): void;
  softmaxCrossEntropy(logits: number, labels: number, rows: number, classes: number, grad: number, out: number): void;
  adam(p: number, g: number, m: number, v: number, size: number, alpha: number, c1: number, c2: number, eps: number): void;
  movingAverage(moving: number, batch: number, n: number, momentum: number, rest: number): void;
  bnInfer(z: number, rows: number, n: number, mean: number, variance: number, gamma: number, beta: number, eps: number, inv: number, y: number, act: number): void;
  l2Norm(x: number, size: number, out: number): void;
  /** Compressed sparse rows of x `[rows, cols]`; returns the number of non-zeros. */
  compressRows(x: number, rows: number, cols: number, start: number, index: number, value: number): number;
  transposeCompressed(start: number, index: number, value: number, rows: number, cols: number, tStart: number, tIndex: number, tValue: number): void;
  /** C `[rows, n]` = S·B (+ bias, ReLU) for compressed sparse S: `gemm`'s arithmetic without the zero terms. */
  sparseGemm(start: number, index: number, value: number, rows: number, b: number, bias: number, c: number, n: number, act: number): void;
  /** Percentiles (float64 at `out`) at ascending float64 `ranks` of the n floats at `a` (reordered), as percentiles.ts computes them. */
  percentilesOf(a: number, n: number, ranks: number, count: number, out: number): void;
  columnPercentiles(x: number, rows: number, cols: number, ranks: number, count: number, scratch: number, tmp: number, out: number): void;
}

/** The kernels' activation codes. */
export const ACT_CODE: Record<Activation | 'linear', number> = { linear: 0, relu: 1, sigmoid: 2, tanh: 3 };

let compiled: WebAssembly.Module | null = null;

/** Whether this JavaScript engine can run the module (WebAssembly with SIMD). */
export function canRunMlpKernels(): boolean {
  try {
    compiled ??= new WebAssembly.Module(Uint8Array.from(atob(MLP_KERNELS_WASM), (c) => c.charCodeAt(0)));
    return true;
  } catch {
    return false;
  }
}

/** The kernels running on `memory` (unshared). Compiles the module on first use (synchronously: it is 5 KB). Throws where WebAssembly SIMD is missing. */
export function instantiateMlpKernels(memory: WebAssembly.Memory): MlpKernels {
  if (!canRunMlpKernels()) throw new Error('this engine cannot compile our WebAssembly SIMD kernels');
  const instance = new WebAssembly.Instance(compiled!, { env: { memory } });
  return instance.exports as unknown as MlpKernels;
}
