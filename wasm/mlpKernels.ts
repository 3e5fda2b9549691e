// AssemblyScript: the kernels of a Dense / BatchNorm / activation / softmax cross-entropy / Adam
// training step, in WebAssembly SIMD. Built by `npm run build:wasm` into
// src/engine/wasm/mlpKernels.wasm.gen.ts; src/engine/wasm/ calls them.
//
// The module imports its memory (tfjs' wasm heap, where the tensors live) and keeps nothing of its
// own: no data segment, no globals, no allocation. Every pointer is a byte offset into that
// memory; every matrix is float32, row-major. Plain SIMD only (no relaxed SIMD, no FMA): the same
// inputs give the same bits on every machine.

// exp and log in double precision, from + − × ÷ only, rounded to float: the same bits in every
// browser (JavaScript's Math.exp and Math.log may differ between engines), and no lookup tables
// (AssemblyScript's own keep them in a data segment, which would land in the imported memory).

/** e^x for |x| up to ~700: x = k·ln2 + r, |r| ≤ ln2/2, e^r by its Taylor series to r¹⁴ (error < 1e-16), times 2^k. */
function expD(x: f64): f64 {
  if (x > 700) return Infinity;
  if (x < -700) return 0;
  const k = Math.floor(x * 1.4426950408889634 + 0.5);
  const r = x - k * 0.6931471805599453 - k * 2.3190468138462996e-17;
  let term: f64 = 1;
  let sum: f64 = 1;
  for (let i = 1; i <= 14; i++) {
    term *= r / <f64>i;
    sum += term;
  }
  return sum * reinterpret<f64>((<i64>k + 1023) << 52);
}

/** ln x for a positive normal x: x = m·2^e with m in [√½, √2), ln m = 2·atanh((m − 1)/(m + 1)) by its series to s²¹. */
function logD(x: f64): f64 {
  const bits = reinterpret<i64>(x);
  let e = <i32>((bits >> 52) & 0x7ff) - 1023;
  let m = reinterpret<f64>((bits & 0x000fffffffffffff) | 0x3ff0000000000000);
  if (m > 1.4142135623730951) {
    m *= 0.5;
    e += 1;
  }
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let term = s;
  let sum: f64 = 0;
  for (let i = 1; i <= 21; i += 2) {
    sum += term / <f64>i;
    term *= s2;
  }
  return 2 * sum + <f64>e * 0.6931471805599453;
}

// @ts-ignore: decorator
@inline
function expf(x: f32): f32 {
  return <f32>expD(<f64>x);
}

/** Activation codes, as src/engine/wasm/mlpKernels.ts names them. */
const LINEAR = 0;
const RELU = 1;
const SIGMOID = 2;
const TANH = 3;

// @ts-ignore: decorator
@inline
function actScalar(x: f32, act: i32): f32 {
  if (act == RELU) return x > 0 ? x : 0;
  if (act == SIGMOID) return 1 / (1 + expf(-x));
  if (act == TANH) return tanhf(x);
  return x;
}

/** tanh as tfjs' kernels compute it in float: (e^2x − 1)/(e^2x + 1), saturated for large |x|. */
function tanhf(x: f32): f32 {
  if (x > 9) return 1;
  if (x < -9) return -1;
  const e = expf(2 * x);
  return (e - 1) / (e + 1);
}

// @ts-ignore: decorator
@inline
function store4(p: usize, v: v128, act: i32): void {
  if (act == RELU) v = f32x4.max(v, f32x4.splat(0));
  v128.store(p, v);
}

/** Rows i…i+3, columns j…j+7 of C = A·B (+ bias, then ReLU when `act` says). */
// @ts-ignore: decorator
@inline
function tile4x8(a: usize, sr: usize, sa: usize, b: usize, sb: usize, bias: usize, c: usize, sc: usize, k: i32, act: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let p0 = a, p1 = a + sr, p2 = a + 2 * sr, p3 = a + 3 * sr, pb = b;
  for (let p = 0; p < k; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let x = v128.load32_splat(p0);
    c00 = f32x4.add(c00, f32x4.mul(x, b0));
    c01 = f32x4.add(c01, f32x4.mul(x, b1));
    x = v128.load32_splat(p1);
    c10 = f32x4.add(c10, f32x4.mul(x, b0));
    c11 = f32x4.add(c11, f32x4.mul(x, b1));
    x = v128.load32_splat(p2);
    c20 = f32x4.add(c20, f32x4.mul(x, b0));
    c21 = f32x4.add(c21, f32x4.mul(x, b1));
    x = v128.load32_splat(p3);
    c30 = f32x4.add(c30, f32x4.mul(x, b0));
    c31 = f32x4.add(c31, f32x4.mul(x, b1));
    p0 += sa;
    p1 += sa;
    p2 += sa;
    p3 += sa;
    pb += sb;
  }
  if (bias) {
    const d0 = v128.load(bias);
    const d1 = v128.load(bias, 16);
    c00 = f32x4.add(c00, d0);
    c01 = f32x4.add(c01, d1);
    c10 = f32x4.add(c10, d0);
    c11 = f32x4.add(c11, d1);
    c20 = f32x4.add(c20, d0);
    c21 = f32x4.add(c21, d1);
    c30 = f32x4.add(c30, d0);
    c31 = f32x4.add(c31, d1);
  }
  store4(c, c00, act);
  store4(c + 16, c01, act);
  store4(c + sc, c10, act);
  store4(c + sc + 16, c11, act);
  store4(c + 2 * sc, c20, act);
  store4(c + 2 * sc + 16, c21, act);
  store4(c + 3 * sc, c30, act);
  store4(c + 3 * sc + 16, c31, act);
}

/** One row, columns j…j+3 of C. */
// @ts-ignore: decorator
@inline
function tile1x4(a: usize, sa: usize, b: usize, sb: usize, bias: usize, c: usize, k: i32, act: i32): void {
  let acc = f32x4.splat(0);
  let pa = a, pb = b;
  for (let p = 0; p < k; p++) {
    acc = f32x4.add(acc, f32x4.mul(v128.load32_splat(pa), v128.load(pb)));
    pa += sa;
    pb += sb;
  }
  if (bias) acc = f32x4.add(acc, v128.load(bias));
  store4(c, acc, act);
}

/** One element of C. */
// @ts-ignore: decorator
@inline
function tile1x1(a: usize, sa: usize, b: usize, sb: usize, bias: usize, c: usize, k: i32, act: i32): void {
  let acc: f32 = 0;
  let pa = a, pb = b;
  for (let p = 0; p < k; p++) {
    acc += load<f32>(pa) * load<f32>(pb);
    pa += sa;
    pb += sb;
  }
  if (bias) acc += load<f32>(bias);
  store<f32>(c, act == RELU ? (acc > 0 ? acc : 0) : acc);
}

/**
 * C `[m, n]` = A·B (+ `bias` `[n]` when non-zero; then ReLU when `act` is 1), B `[k, n]`.
 * A(i, p) lies at `a + 4·(i·aRow + p·aInner)`: aRow = k, aInner = 1 for a row-major `[m, k]`;
 * aRow = 1, aInner = m for the transpose of a row-major `[k, m]` (weight gradients).
 * Each element is a sum over p in order, then the bias.
 */
export function gemm(a: usize, aRow: i32, aInner: i32, b: usize, bias: usize, c: usize, m: i32, k: i32, n: i32, act: i32): void {
  const sr = (<usize>aRow) << 2, sa = (<usize>aInner) << 2, sb = (<usize>n) << 2, sc = (<usize>n) << 2;
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    const bj = b + ((<usize>j) << 2);
    const biasj = bias ? bias + ((<usize>j) << 2) : 0;
    let i = 0;
    for (; i + 4 <= m; i += 4) tile4x8(a + <usize>i * sr, sr, sa, bj, sb, biasj, c + <usize>i * sc + ((<usize>j) << 2), sc, k, act);
    for (; i < m; i++) {
      const ci = c + <usize>i * sc + ((<usize>j) << 2);
      tile1x4(a + <usize>i * sr, sa, bj, sb, biasj, ci, k, act);
      tile1x4(a + <usize>i * sr, sa, bj + 16, sb, biasj ? biasj + 16 : 0, ci + 16, k, act);
    }
  }
  for (; j + 4 <= n; j += 4) {
    for (let i = 0; i < m; i++) {
      tile1x4(a + <usize>i * sr, sa, b + ((<usize>j) << 2), sb, bias ? bias + ((<usize>j) << 2) : 0, c + <usize>i * sc + ((<usize>j) << 2), k, act);
    }
  }
  for (; j < n; j++) {
    for (let i = 0; i < m; i++) {
      tile1x1(a + <usize>i * sr, sa, b + ((<usize>j) << 2), sb, bias ? bias + ((<usize>j) << 2) : 0, c + <usize>i * sc + ((<usize>j) << 2), k, act);
    }
  }
}

/** dst `[cols, rows]` = the transpose of src `[rows, cols]`. */
export function transpose(src: usize, rows: i32, cols: i32, dst: usize): void {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) store<f32>(dst + ((<usize>(j * rows + i)) << 2), load<f32>(src + ((<usize>(i * cols + j)) << 2)));
  }
}

/** dst `[count, cols]` = the rows `idx` (int32 `[count]`) of src `[?, cols]`, times `scale` unless it is 1. */
export function gatherRows(src: usize, idx: usize, count: i32, cols: i32, scale: f32, dst: usize): void {
  const bytes = (<usize>cols) << 2;
  for (let r = 0; r < count; r++) {
    const from = src + <usize>load<i32>(idx + ((<usize>r) << 2)) * bytes;
    const to = dst + <usize>r * bytes;
    if (scale == 1) memory.copy(to, from, bytes);
    else for (let j = 0; j < cols; j++) store<f32>(to + ((<usize>j) << 2), load<f32>(from + ((<usize>j) << 2)) * scale);
  }
}

/** dst `[count]` = src int32 at the rows `idx`. */
export function gatherInts(src: usize, idx: usize, count: i32, dst: usize): void {
  for (let r = 0; r < count; r++) store<i32>(dst + ((<usize>r) << 2), load<i32>(src + ((<usize>load<i32>(idx + ((<usize>r) << 2))) << 2)));
}

/** out `[n]` = the sum over the rows of x `[rows, n]`, row by row in order. */
export function colSum(x: usize, rows: i32, n: i32, out: usize): void {
  const row = (<usize>n) << 2;
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    let acc = f32x4.splat(0);
    let p = x + ((<usize>j) << 2);
    for (let i = 0; i < rows; i++) {
      acc = f32x4.add(acc, v128.load(p));
      p += row;
    }
    v128.store(out + ((<usize>j) << 2), acc);
  }
  for (; j < n; j++) {
    let acc: f32 = 0;
    let p = x + ((<usize>j) << 2);
    for (let i = 0; i < rows; i++) {
      acc += load<f32>(p);
      p += row;
    }
    store<f32>(out + ((<usize>j) << 2), acc);
  }
}

/** x `[size]` = act(x), in place (sigmoid, tanh; ReLU is done in gemm or bnForward). */
export function activate(x: usize, size: i32, act: i32): void {
  for (let i = 0; i < size; i++) {
    const p = x + ((<usize>i) << 2);
    store<f32>(p, actScalar(load<f32>(p), act));
  }
}

/** d `[size]` = d · act′, in place, from the activation's output y. */
export function activationBackward(d: usize, y: usize, size: i32, act: i32): void {
  let i = 0;
  if (act == RELU) {
    const zero = f32x4.splat(0);
    for (; i + 4 <= size; i += 4) {
      const p = d + ((<usize>i) << 2);
      v128.store(p, v128.and(v128.load(p), f32x4.gt(v128.load(y + ((<usize>i) << 2)), zero)));
    }
  }
  for (; i < size; i++) {
    const p = d + ((<usize>i) << 2);
    const out = load<f32>(y + ((<usize>i) << 2));
    const g = load<f32>(p);
    let r: f32 = g;
    if (act == RELU) r = out > 0 ? g : 0;
    else if (act == SIGMOID) r = g * (out * (1 - out));
    else if (act == TANH) r = g * (1 - out * out);
    store<f32>(p, r);
  }
}

/**
 * BatchNorm in training mode over the rows of z `[rows, n]`, then the activation: batch `mean`
 * and biased `variance` `[n]` (two passes, as tf.moments), `inv` = 1/√(variance + ε); z becomes
 * x̂ = (z − mean)·inv in place (the backward pass needs it) and y `[rows, n]` = act(x̂·γ + β).
 */
export function bnForward(z: usize, rows: i32, n: i32, gamma: usize, beta: usize, eps: f32, mean: usize, variance: usize, inv: usize, y: usize, act: i32): void {
  const row = (<usize>n) << 2;
  const scale: f32 = 1 / <f32>rows;
  colSum(z, rows, n, mean);
  for (let j = 0; j < n; j++) store<f32>(mean + ((<usize>j) << 2), load<f32>(mean + ((<usize>j) << 2)) * scale);
  for (let j = 0; j < n; j++) store<f32>(variance + ((<usize>j) << 2), 0);
  for (let i = 0; i < rows; i++) {
    const p = z + <usize>i * row;
    for (let j = 0; j < n; j++) {
      const d = load<f32>(p + ((<usize>j) << 2)) - load<f32>(mean + ((<usize>j) << 2));
      const q = variance + ((<usize>j) << 2);
      store<f32>(q, load<f32>(q) + d * d);
    }
  }
  for (let j = 0; j < n; j++) {
    const q = variance + ((<usize>j) << 2);
    const v = load<f32>(q) * scale;
    store<f32>(q, v);
    store<f32>(inv + ((<usize>j) << 2), 1 / Mathf.sqrt(v + eps));
  }
  for (let i = 0; i < rows; i++) {
    const p = z + <usize>i * row;
    const o = y + <usize>i * row;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const off = (<usize>j) << 2;
      const xh = f32x4.mul(f32x4.sub(v128.load(p + off), v128.load(mean + off)), v128.load(inv + off));
      v128.store(p + off, xh);
      store4(o + off, f32x4.add(f32x4.mul(xh, v128.load(gamma + off)), v128.load(beta + off)), act);
    }
    for (; j < n; j++) {
      const off = (<usize>j) << 2;
      const xh = (load<f32>(p + off) - load<f32>(mean + off)) * load<f32>(inv + off);
      store<f32>(p + off, xh);
      const out = xh * load<f32>(gamma + off) + load<f32>(beta + off);
      store<f32>(o + off, act == RELU ? (out > 0 ? out : 0) : out);
    }
  }
  if (act == SIGMOID || act == TANH) activate(y, rows * n, act);
}

/**
 * BatchNorm's backward pass from dy `[rows, n]` and the forward pass's x̂, γ and inv:
 * dβ = Σ dy, dγ = Σ dy·x̂, and dz = (dy − (dβ/rows + x̂·dγ/rows))·(γ·inv), written over dy.
 */
export function bnBackward(dy: usize, xhat: usize, rows: i32, n: i32, gamma: usize, inv: usize, dgamma: usize, dbeta: usize): void {
  const row = (<usize>n) << 2;
  const m = <f32>rows;
  colSum(dy, rows, n, dbeta);
  for (let j = 0; j < n; j++) store<f32>(dgamma + ((<usize>j) << 2), 0);
  for (let i = 0; i < rows; i++) {
    const p = dy + <usize>i * row;
    const h = xhat + <usize>i * row;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const off = (<usize>j) << 2;
      v128.store(dgamma + off, f32x4.add(v128.load(dgamma + off), f32x4.mul(v128.load(p + off), v128.load(h + off))));
    }
    for (; j < n; j++) {
      const off = (<usize>j) << 2;
      store<f32>(dgamma + off, load<f32>(dgamma + off) + load<f32>(p + off) * load<f32>(h + off));
    }
  }
  for (let i = 0; i < rows; i++) {
    const p = dy + <usize>i * row;
    const h = xhat + <usize>i * row;
    for (let j = 0; j < n; j++) {
      const off = (<usize>j) << 2;
      const centred = load<f32>(p + off) - (load<f32>(dbeta + off) / m + load<f32>(h + off) * (load<f32>(dgamma + off) / m));
      store<f32>(p + off, centred * (load<f32>(gamma + off) * load<f32>(inv + off)));
    }
  }
}

/**
 * Mean softmax cross-entropy of logits `[rows, classes]` against int32 `labels` `[rows]`, and its
 * gradient: grad `[rows, classes]` = (softmax − one-hot)/rows. Writes [loss, accuracy] to `out`
 * (accuracy: the share of rows whose first largest logit is the label).
 */
export function softmaxCrossEntropy(logits: usize, labels: usize, rows: i32, classes: i32, grad: usize, out: usize): void {
  const row = (<usize>classes) << 2;
  const scale: f32 = 1 / <f32>rows;
  let total: f32 = 0;
  let correct = 0;
  for (let i = 0; i < rows; i++) {
    const z = logits + <usize>i * row;
    const g = grad + <usize>i * row;
    const label = load<i32>(labels + ((<usize>i) << 2));
    let max = load<f32>(z);
    let best = 0;
    for (let c = 1; c < classes; c++) {
      const v = load<f32>(z + ((<usize>c) << 2));
      if (v > max) {
        max = v;
        best = c;
      }
    }
    if (best == label) correct++;
    let sum: f32 = 0;
    for (let c = 0; c < classes; c++) sum += expf(load<f32>(z + ((<usize>c) << 2)) - max);
    const lse = max + <f32>logD(<f64>sum);
    for (let c = 0; c < classes; c++) {
      const logp = load<f32>(z + ((<usize>c) << 2)) - lse;
      const target: f32 = c == label ? 1 : 0;
      if (c == label) total += logp;
      store<f32>(g + ((<usize>c) << 2), (expf(logp) - target) * scale);
    }
  }
  store<f32>(out, total / -(<f32>rows));
  store<f32>(out, <f32>correct / <f32>rows, 4);
}

/**
 * Keras' Adam on `size` values, in place, term for term as src/engine/optimizers.ts does it in
 * tfjs ops: m += (g − m)·c1; v += (g² − v)·c2; p −= m·α / (√v + ε), with c1 = 1 − β₁, c2 = 1 − β₂.
 */
export function adam(p: usize, g: usize, m: usize, v: usize, size: i32, alpha: f32, c1: f32, c2: f32, eps: f32): void {
  let i = 0;
  const vc1 = f32x4.splat(c1), vc2 = f32x4.splat(c2), va = f32x4.splat(alpha), ve = f32x4.splat(eps);
  for (; i + 4 <= size; i += 4) {
    const off = (<usize>i) << 2;
    const gi = v128.load(g + off);
    const mi = v128.load(m + off);
    const vi = v128.load(v + off);
    const m1 = f32x4.add(mi, f32x4.mul(f32x4.sub(gi, mi), vc1));
    const v1 = f32x4.add(vi, f32x4.mul(f32x4.sub(f32x4.mul(gi, gi), vi), vc2));
    v128.store(m + off, m1);
    v128.store(v + off, v1);
    v128.store(p + off, f32x4.sub(v128.load(p + off), f32x4.div(f32x4.mul(m1, va), f32x4.add(f32x4.sqrt(v1), ve))));
  }
  for (; i < size; i++) {
    const off = (<usize>i) << 2;
    const gi = load<f32>(g + off);
    const m1 = load<f32>(m + off) + (gi - load<f32>(m + off)) * c1;
    const v1 = load<f32>(v + off) + (gi * gi - load<f32>(v + off)) * c2;
    store<f32>(m + off, m1);
    store<f32>(v + off, v1);
    store<f32>(p + off, load<f32>(p + off) - (m1 * alpha) / (Mathf.sqrt(v1) + eps));
  }
}

/** moving `[n]` = moving·momentum + batch·(1 − momentum), in place; `rest` is 1 − momentum. */
export function movingAverage(moving: usize, batch: usize, n: i32, momentum: f32, rest: f32): void {
  for (let j = 0; j < n; j++) {
    const q = moving + ((<usize>j) << 2);
    store<f32>(q, load<f32>(q) * momentum + load<f32>(batch + ((<usize>j) << 2)) * rest);
  }
}

/**
 * BatchNorm in inference mode, then the activation: y `[rows, n]` = act((z − mean)·inv·γ + β)
 * with the moving `mean` and `variance` `[n]`; inv `[n]` = 1/√(variance + ε) is written too.
 */
export function bnInfer(z: usize, rows: i32, n: i32, mean: usize, variance: usize, gamma: usize, beta: usize, eps: f32, inv: usize, y: usize, act: i32): void {
  const row = (<usize>n) << 2;
  for (let j = 0; j < n; j++) store<f32>(inv + ((<usize>j) << 2), 1 / Mathf.sqrt(load<f32>(variance + ((<usize>j) << 2)) + eps));
  for (let i = 0; i < rows; i++) {
    const p = z + <usize>i * row;
    const o = y + <usize>i * row;
    for (let j = 0; j < n; j++) {
      const off = (<usize>j) << 2;
      store<f32>(o + off, actScalar((load<f32>(p + off) - load<f32>(mean + off)) * load<f32>(inv + off) * load<f32>(gamma + off) + load<f32>(beta + off), act));
    }
  }
}

/** out[0] = √(Σ x²) over `size` values, summed in double: tf.norm's L2 norm. */
export function l2Norm(x: usize, size: i32, out: usize): void {
  let sum: f64 = 0;
  for (let i = 0; i < size; i++) {
    const v = <f64>load<f32>(x + ((<usize>i) << 2));
    sum += v * v;
  }
  store<f32>(out, <f32>Math.sqrt(sum));
}

/**
 * The non-zeros of x `[rows, cols]`, row by row (compressed sparse rows): `start` int32
 * `[rows + 1]`, `index` int32 and `value` float32 `[non-zeros]`, columns ascending. Returns the
 * number of non-zeros. MNIST's pixels are ~80% zeros, so the first layer's products can skip them.
 */
export function compressRows(x: usize, rows: i32, cols: i32, start: usize, index: usize, value: usize): i32 {
  let nz = 0;
  for (let i = 0; i < rows; i++) {
    store<i32>(start + ((<usize>i) << 2), nz);
    const p = x + <usize>i * ((<usize>cols) << 2);
    for (let j = 0; j < cols; j++) {
      const v = load<f32>(p + ((<usize>j) << 2));
      if (v != 0) {
        store<i32>(index + ((<usize>nz) << 2), j);
        store<f32>(value + ((<usize>nz) << 2), v);
        nz++;
      }
    }
  }
  store<i32>(start + ((<usize>rows) << 2), nz);
  return nz;
}

/** The same non-zeros column by column (`cols + 1` starts; rows ascending within a column): the transpose's rows. */
export function transposeCompressed(start: usize, index: usize, value: usize, rows: i32, cols: i32, tStart: usize, tIndex: usize, tValue: usize): void {
  for (let j = 0; j <= cols; j++) store<i32>(tStart + ((<usize>j) << 2), 0);
  const nz = load<i32>(start + ((<usize>rows) << 2));
  // Count per column (shifted by one), prefix-sum into starts, then place in row order.
  for (let t = 0; t < nz; t++) {
    const q = tStart + ((<usize>(load<i32>(index + ((<usize>t) << 2)) + 1)) << 2);
    store<i32>(q, load<i32>(q) + 1);
  }
  for (let j = 0; j < cols; j++) {
    const q = tStart + ((<usize>(j + 1)) << 2);
    store<i32>(q, load<i32>(q) + load<i32>(q - 4));
  }
  for (let i = 0; i < rows; i++) {
    const e = load<i32>(start + ((<usize>(i + 1)) << 2));
    for (let t = load<i32>(start + ((<usize>i) << 2)); t < e; t++) {
      const col = load<i32>(index + ((<usize>t) << 2));
      // tStart[col] is used as the next free slot of column col, then restored below.
      const q = tStart + ((<usize>col) << 2);
      const slot = load<i32>(q);
      store<i32>(tIndex + ((<usize>slot) << 2), i);
      store<f32>(tValue + ((<usize>slot) << 2), load<f32>(value + ((<usize>t) << 2)));
      store<i32>(q, slot + 1);
    }
  }
  for (let j = cols; j > 0; j--) store<i32>(tStart + ((<usize>j) << 2), load<i32>(tStart + ((<usize>(j - 1)) << 2)));
  store<i32>(tStart, 0);
}

/**
 * C `[rows, n]` = S·B (+ bias, then ReLU when `act` says) for a compressed sparse S `[rows, ?]`
 * and B row-major with `n` columns. Each element sums the non-zeros in order, then the bias: the
 * same float operations as `gemm` on the dense matrix, without the zero terms.
 */
export function sparseGemm(start: usize, index: usize, value: usize, rows: i32, b: usize, bias: usize, c: usize, n: i32, act: i32): void {
  const sb = (<usize>n) << 2;
  for (let i = 0; i < rows; i++) {
    const s = load<i32>(start + ((<usize>i) << 2));
    const e = load<i32>(start + ((<usize>(i + 1)) << 2));
    const ci = c + <usize>i * sb;
    let j = 0;
    for (; j + 32 <= n; j += 32) {
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      let a4 = f32x4.splat(0), a5 = f32x4.splat(0), a6 = f32x4.splat(0), a7 = f32x4.splat(0);
      for (let t = s; t < e; t++) {
        const x = v128.load32_splat(value + ((<usize>t) << 2));
        const pb = b + <usize>load<i32>(index + ((<usize>t) << 2)) * sb + ((<usize>j) << 2);
        a0 = f32x4.add(a0, f32x4.mul(x, v128.load(pb)));
        a1 = f32x4.add(a1, f32x4.mul(x, v128.load(pb, 16)));
        a2 = f32x4.add(a2, f32x4.mul(x, v128.load(pb, 32)));
        a3 = f32x4.add(a3, f32x4.mul(x, v128.load(pb, 48)));
        a4 = f32x4.add(a4, f32x4.mul(x, v128.load(pb, 64)));
        a5 = f32x4.add(a5, f32x4.mul(x, v128.load(pb, 80)));
        a6 = f32x4.add(a6, f32x4.mul(x, v128.load(pb, 96)));
        a7 = f32x4.add(a7, f32x4.mul(x, v128.load(pb, 112)));
      }
      const o = ci + ((<usize>j) << 2);
      if (bias) {
        const q = bias + ((<usize>j) << 2);
        a0 = f32x4.add(a0, v128.load(q));
        a1 = f32x4.add(a1, v128.load(q, 16));
        a2 = f32x4.add(a2, v128.load(q, 32));
        a3 = f32x4.add(a3, v128.load(q, 48));
        a4 = f32x4.add(a4, v128.load(q, 64));
        a5 = f32x4.add(a5, v128.load(q, 80));
        a6 = f32x4.add(a6, v128.load(q, 96));
        a7 = f32x4.add(a7, v128.load(q, 112));
      }
      store4(o, a0, act);
      store4(o + 16, a1, act);
      store4(o + 32, a2, act);
      store4(o + 48, a3, act);
      store4(o + 64, a4, act);
      store4(o + 80, a5, act);
      store4(o + 96, a6, act);
      store4(o + 112, a7, act);
    }
    for (; j + 4 <= n; j += 4) {
      let acc = f32x4.splat(0);
      for (let t = s; t < e; t++) {
        const pb = b + <usize>load<i32>(index + ((<usize>t) << 2)) * sb + ((<usize>j) << 2);
        acc = f32x4.add(acc, f32x4.mul(v128.load32_splat(value + ((<usize>t) << 2)), v128.load(pb)));
      }
      if (bias) acc = f32x4.add(acc, v128.load(bias + ((<usize>j) << 2)));
      store4(ci + ((<usize>j) << 2), acc, act);
    }
    for (; j < n; j++) {
      let acc: f32 = 0;
      for (let t = s; t < e; t++) {
        acc += load<f32>(value + ((<usize>t) << 2)) * load<f32>(b + <usize>load<i32>(index + ((<usize>t) << 2)) * sb + ((<usize>j) << 2));
      }
      if (bias) acc += load<f32>(bias + ((<usize>j) << 2));
      store<f32>(ci + ((<usize>j) << 2), act == RELU ? (acc > 0 ? acc : 0) : acc);
    }
  }
}

/** Puts the k-th smallest of a[lo…hi] at a[k], smaller or equal before, larger or equal after (Hoare's quickselect, middle pivot). */
function select(a: usize, k: i32, lo: i32, hi: i32): void {
  while (lo < hi) {
    const pivot = load<f32>(a + ((<usize>((lo + hi) >>> 1)) << 2));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (load<f32>(a + ((<usize>i) << 2)) < pivot) i++;
      while (load<f32>(a + ((<usize>j) << 2)) > pivot) j--;
      if (i <= j) {
        const t = load<f32>(a + ((<usize>i) << 2));
        store<f32>(a + ((<usize>i) << 2), load<f32>(a + ((<usize>j) << 2)));
        store<f32>(a + ((<usize>j) << 2), t);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/**
 * The percentiles at `count` ranks (float64, ascending: NumPy's p/100·(n − 1)) of the n values at
 * `a` (reordered), as src/engine/percentiles.ts computes them: each rank put in place, the next
 * rank's value the smallest above it, linear interpolation in double. NaN if any value is NaN.
 * Writes float64 to `out`.
 */
export function percentilesOf(a: usize, n: i32, ranks: usize, count: i32, out: usize): void {
  for (let i = 0; i < n; i++) {
    const v = load<f32>(a + ((<usize>i) << 2));
    if (v != v) {
      for (let r = 0; r < count; r++) store<f64>(out + ((<usize>r) << 3), NaN);
      return;
    }
  }
  let floor = 0;
  for (let r = 0; r < count; r++) {
    const rank = load<f64>(ranks + ((<usize>r) << 3));
    const lo = <i32>Math.floor(rank);
    select(a, lo, floor, n - 1);
    const x = <f64>load<f32>(a + ((<usize>lo) << 2));
    let next = x;
    if (lo + 1 < n) {
      let m = load<f32>(a + ((<usize>(lo + 1)) << 2));
      for (let k = lo + 2; k < n; k++) {
        const v = load<f32>(a + ((<usize>k) << 2));
        if (v < m) m = v;
      }
      next = <f64>m;
    }
    floor = lo;
    store<f64>(out + ((<usize>r) << 3), x + (next - x) * (rank - <f64>lo));
  }
}

/** Per column of x `[rows, cols]`, `percentilesOf` its values (copied to `scratch`, `[rows]`): float32 `[cols, count]` at `out`, `tmp` float64 `[count]`. */
export function columnPercentiles(x: usize, rows: i32, cols: i32, ranks: usize, count: i32, scratch: usize, tmp: usize, out: usize): void {
  for (let j = 0; j < cols; j++) {
    for (let i = 0; i < rows; i++) store<f32>(scratch + ((<usize>i) << 2), load<f32>(x + ((<usize>(i * cols + j)) << 2)));
    percentilesOf(scratch, rows, ranks, count, tmp);
    for (let r = 0; r < count; r++) store<f32>(out + ((<usize>(j * count + r)) << 2), <f32>load<f64>(tmp + ((<usize>r) << 3)));
  }
}
