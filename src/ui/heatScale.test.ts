import { describe, expect, it } from 'vitest';
import { contrastRatio, heatRgb, heatTextColor, luminance } from './heatScale';

describe('heat scale', () => {
  const steps = Array.from({ length: 201 }, (_, i) => i / 200);

  it('runs from white to a dark navy, darker at every step (readable in grey)', () => {
    expect(heatRgb(0)).toEqual([255, 255, 255]);
    expect(heatRgb(1)).toEqual([0, 0x25, 0x3d]);
    const l = steps.map((t) => luminance(heatRgb(t)));
    l.slice(1).forEach((v, i) => expect(v).toBeLessThan(l[i]!));
    expect(heatRgb(-1)).toEqual(heatRgb(0));
    expect(heatRgb(Number.NaN)).toEqual(heatRgb(0));
  });

  it('puts text on every shade with at least 4.5:1 contrast', () => {
    for (const t of steps) {
      const text = heatTextColor(t) === '#ffffff' ? 1 : 0;
      expect(contrastRatio(luminance(heatRgb(t)), text)).toBeGreaterThanOrEqual(4.5);
    }
  });
});
