import type { Probe } from '../probe';

/**
 * A made-up probe for tests of what shows probes: layers of `units` units (with BatchNorm unless
 * `bn` is false); every value a simple function of `step`, unit and layer, so a test can tell
 * which probe, layer and unit it is looking at.
 */
export function fakeProbe(step: number, units: number[] = [4, 2], bn = true): Probe {
  const perUnit = (n: number, f: (u: number) => number) => Float32Array.from({ length: n }, (_, u) => f(u));
  return {
    step,
    batchSize: 128,
    layers: units.map((n, l) => ({
      units: n,
      positions: 1,
      samples: 128,
      // Unit u of layer l: percentiles step + u + l - 1, step + u + l, step + u + l + 1.
      unitPercentiles: Float32Array.from({ length: n * 3 }, (_, i) => step + Math.floor(i / 3) + l + (i % 3) - 1),
      layerPercentiles: [step - 2, step, step + 2],
      bn: bn
        ? {
            batchMean: perUnit(n, (u) => u + step / 100),
            batchVariance: perUnit(n, (u) => 1 + u),
            movingMean: perUnit(n, (u) => u),
            movingVariance: perUnit(n, (u) => 1 + u + 0.5),
            gamma: perUnit(n, (u) => 1 + u / 10),
            beta: perUnit(n, (u) => -u / 10),
            inferMean: perUnit(n, (u) => u + 0.25),
            inferVariance: perUnit(n, (u) => 0.5 + u),
          }
        : null,
    })),
    gradNorms: [...units.map(() => ({ kernel: 0.5, bias: bn ? 1e-9 : 0.2 })), { kernel: 0.3, bias: 0.1 }],
    train: { loss: 0.5, accuracy: 0.8 + step / 10_000 },
    infer: { loss: 0.4, accuracy: 0.85 + step / 10_000 },
    ms: 3,
  };
}
