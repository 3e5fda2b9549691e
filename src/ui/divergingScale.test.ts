import { describe, expect, it } from 'vitest';
import { divergingRgb } from './divergingScale';
import { luminance } from './heatScale';

/** Deuteranopia and protanopia as Viénot, Brettel and Mollon (1999) simulate them, on linear RGB. */
function simulate([r, g, b]: readonly number[], kind: 'deutan' | 'protan'): [number, number, number] {
  const lin = (c: number) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  const [R, G, B] = [lin(r!), lin(g!), lin(b!)];
  const m =
    kind === 'protan' ? [0.11238, 0.88762, 0, 0.11238, 0.88762, 0, 0.00401, -0.00401, 1] : [0.29275, 0.70725, 0, 0.29275, 0.70725, 0, -0.02234, 0.02234, 1];
  const out = [0, 1, 2].map((i) => m[i * 3]! * R + m[i * 3 + 1]! * G + m[i * 3 + 2]! * B);
  const enc = (c: number) => Math.round(255 * (c <= 0.0031308 ? 12.92 * c : 1.055 * Math.max(0, c) ** (1 / 2.4) - 0.055));
  return out.map(enc) as [number, number, number];
}

describe('divergingRgb', () => {
  it('is near-white at 0 and darkens equally towards −1 and 1', () => {
    expect(luminance(divergingRgb(0))).toBeGreaterThan(0.9);
    for (const t of [0.25, 0.5, 0.75, 1]) {
      expect(luminance(divergingRgb(t))).toBeLessThan(luminance(divergingRgb(t - 0.25)) + 1e-9);
      expect(luminance(divergingRgb(-t))).toBeLessThan(luminance(divergingRgb(-t + 0.25)) + 1e-9);
      // The two sides at equal |t| within 0.08 of each other's luminance: the magnitude reads in grey.
      expect(Math.abs(luminance(divergingRgb(t)) - luminance(divergingRgb(-t)))).toBeLessThan(0.08);
    }
    expect(divergingRgb(Number.NaN)).toEqual(divergingRgb(0));
    expect(divergingRgb(5)).toEqual(divergingRgb(1));
  });

  it('keeps negative and positive apart for red-green colour-blind viewers: one side bluer, the other yellower', () => {
    for (const kind of ['deutan', 'protan'] as const) {
      for (const t of [0.5, 1]) {
        const [nr, , nb] = simulate(divergingRgb(-t), kind);
        const [pr, , pb] = simulate(divergingRgb(t), kind);
        // Negative: more blue than red; positive: more red-yellow than blue, by a clear margin.
        expect(nb - nr).toBeGreaterThan(20);
        expect(pr - pb).toBeGreaterThan(40);
      }
    }
  });
});
