import { describe, expect, it } from 'vitest';
import { confusionMatrix } from './confusion';

/** Rows of probabilities putting 0.9 on `predicted[i]`. */
const sure = (predicted: number[]) => {
  const p = new Float32Array(predicted.length * 10).fill(0.1 / 9);
  predicted.forEach((c, i) => (p[i * 10 + c] = 0.9));
  return p;
};

describe('confusionMatrix', () => {
  it('counts true against predicted classes, with per-class accuracy, summing to the images counted', () => {
    const labels = new Uint8Array([3, 3, 3, 5, 5, 7]);
    const m = confusionMatrix(sure([3, 3, 5, 5, 3, 7]), labels);
    expect(m.counts[3]![3]).toBe(2);
    expect(m.counts[3]![5]).toBe(1);
    expect(m.counts[5]![3]).toBe(1);
    expect(m.counts[7]![7]).toBe(1);
    expect(m.counts.flat().reduce((a, b) => a + b)).toBe(6);
    expect(m.perClass[3]).toEqual({ total: 3, correct: 2 });
    expect(m.perClass[5]).toEqual({ total: 2, correct: 1 });
    expect(m.perClass[0]).toEqual({ total: 0, correct: 0 });
    expect({ total: m.total, correct: m.correct }).toEqual({ total: 6, correct: 4 });
  });

  it('refuses probabilities that do not match the labels', () => {
    expect(() => confusionMatrix(new Float32Array(15), new Uint8Array(2))).toThrow(/Expected 20 probabilities for 2 labels/);
  });
});
