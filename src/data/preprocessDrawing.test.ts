import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centreOfMass, DIGIT_BOX, MNIST_SIDE, preprocessDrawing } from './preprocessDrawing';
import { readDatasetFromDisk } from './testing/readDatasetFromDisk';

/** A `size`x`size` canvas with ink where `paint(x, y)` says. */
const canvas = (size: number, paint: (x: number, y: number) => number) =>
  Float32Array.from({ length: size * size }, (_, i) => paint(i % size, Math.floor(i / size)));

/** The bounding box of ink above 0 in a 28x28 image. */
const box = (pixels: Float32Array) => {
  let [minX, minY, maxX, maxY] = [MNIST_SIDE, MNIST_SIDE, -1, -1];
  pixels.forEach((v, i) => {
    if (v <= 0) return;
    const [x, y] = [i % MNIST_SIDE, Math.floor(i / MNIST_SIDE)];
    [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)];
  });
  return { width: maxX - minX + 1, height: maxY - minY + 1 };
};

const expectCentred = (pixels: Float32Array) => {
  const [cx, cy] = centreOfMass(pixels, MNIST_SIDE, MNIST_SIDE)!;
  expect(Math.abs(cx - 14)).toBeLessThanOrEqual(0.5);
  expect(Math.abs(cy - 14)).toBeLessThanOrEqual(0.5);
};

describe('preprocessDrawing', () => {
  it('puts a stroke drawn in a corner of a large pad at the centre, inside a 20x20 box', () => {
    // A fat "7" in the top-left corner of a 280x280 pad.
    const ink = canvas(280, (x, y) =>
      (y >= 10 && y < 30 && x >= 10 && x < 110) || (x >= 90 - (y - 30) / 2 && x < 110 - (y - 30) / 2 && y >= 30 && y < 150) ? 1 : 0,
    );
    const r = preprocessDrawing(ink, 280, 280);
    if (!r.ok) return expect.unreachable(r.message);
    expect(r.pixels.length).toBe(784);
    expectCentred(r.pixels);
    const b = box(r.pixels);
    expect(b.width).toBeLessThanOrEqual(DIGIT_BOX);
    expect(b.height).toBeLessThanOrEqual(DIGIT_BOX);
    // The longer side fills the box; the shorter keeps the aspect ratio (100 wide, 140 tall).
    expect(r.height).toBe(20);
    expect(r.width).toBe(Math.round((100 / 140) * 20));
  });

  it('keeps a thin "1" thin and gives antialiased grey levels at its edges', () => {
    // A slightly slanted stroke, 15 pixels wide and 200 tall: 35 x 200 with its slant.
    const ink = canvas(280, (x, y) => (y >= 40 && y < 240 && x >= 135 + (y - 40) / 10 && x < 150 + (y - 40) / 10 ? 1 : 0));
    const r = preprocessDrawing(ink, 280, 280);
    if (!r.ok) return expect.unreachable(r.message);
    expect(r.height).toBe(20);
    expect(r.width).toBe(4);
    expectCentred(r.pixels);
    const levels = new Set(
      Array.from(r.pixels)
        .filter((v) => v > 0)
        .map((v) => v.toFixed(3)),
    );
    expect(levels.size).toBeGreaterThan(1);
    expect(Math.max(...r.pixels)).toBeLessThanOrEqual(1);
  });

  it('centres any blob within ±0.5 pixel and fits it in 20x20 (fuzzed)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 5, max: 79 }),
        fc.integer({ min: 5, max: 79 }),
        (x0, y0, w, h) => {
          // An ellipse: symmetric enough that whole-pixel centring can reach the centre.
          const ink = canvas(280, (x, y) => (((x - x0 - w / 2) / (w / 2)) ** 2 + ((y - y0 - h / 2) / (h / 2)) ** 2 <= 1 ? 1 : 0));
          const r = preprocessDrawing(ink, 280, 280);
          if (!r.ok) return;
          expectCentred(r.pixels);
          const b = box(r.pixels);
          expect(Math.max(b.width, b.height)).toBeLessThanOrEqual(DIGIT_BOX);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('says so for an empty drawing (or one with only faint specks) and for the wrong size', () => {
    expect(preprocessDrawing(new Float32Array(280 * 280), 280, 280)).toEqual({ ok: false, message: expect.stringMatching(/empty: draw/) });
    expect(preprocessDrawing(new Float32Array(100).fill(0.01), 10, 10)).toMatchObject({ ok: false });
    expect(preprocessDrawing(new Float32Array(10), 28, 28)).toMatchObject({ ok: false, message: expect.stringMatching(/28x28/) });
  });

  it('leaves a real MNIST digit recognisably where it was: box 20 on its long side, centre of mass at the centre', async () => {
    const { test } = await readDatasetFromDisk('mnist');
    for (let i = 0; i < 20; i++) {
      const digit = Float32Array.from(test.pixels.subarray(i * 784, (i + 1) * 784), (v) => v / 255);
      const r = preprocessDrawing(digit, 28, 28);
      if (!r.ok) return expect.unreachable(r.message);
      expect(Math.max(r.width, r.height)).toBe(20);
      expectCentred(r.pixels);
    }
  });
});
