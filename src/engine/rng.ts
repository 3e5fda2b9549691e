/**
 * Seeded pseudo-random numbers, so that a run is reproducible from its seed and two paired runs
 * can share initial weights and batch order. mulberry32: tiny, fast, and good enough for
 * initialisation and shuffling (not for cryptography).
 */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** The generator's position: `createRng(rng.state())` continues the same stream from here. */
  state(): number;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return {
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
    state: () => state,
  };
}

/** Fisher–Yates shuffle of `0..n-1`, driven by `rng`. */
export function shuffledIndices(n: number, rng: Rng): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const tmp = order[i]!;
    order[i] = order[j]!;
    order[j] = tmp;
  }
  return order;
}

/** Derives an independent stream for a purpose (weights, batch order) from one user seed. */
export function deriveSeed(seed: number, purpose: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(purpose, 0xc2b2ae35)) >>> 0;
}
