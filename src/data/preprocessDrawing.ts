/**
 * Turns a drawing into an MNIST-like 28x28 image, as MNIST's own digits were made (LeCun et al.):
 * crop to the ink's bounding box, scale it to fit a 20x20 box keeping its aspect ratio (area
 * averaging, so edges get antialiased grey levels), then place it in the 28x28 field so that its
 * centre of mass lies at the centre. Pure: no DOM, no tfjs.
 */

export const MNIST_SIDE = 28;
/** The box MNIST's digits were scaled to fit. */
export const DIGIT_BOX = 20;
/** Pixels at or below this ink level (0..1) are background when finding the bounding box. */
export const INK_THRESHOLD = 0.05;

export type PreprocessResult =
  | {
      ok: true;
      /** `[784]` float32 in [0, 1], row-major, ink = 1 (as MNIST pixels ÷ 255). */
      pixels: Float32Array;
      /** Size of the scaled digit inside the field, pixels (each at most DIGIT_BOX). */
      width: number;
      height: number;
    }
  | { ok: false; message: string };

/** Centre of mass `[x, y]` of a `width`x`height` row-major image, in pixel-index coordinates; null if it has no ink. */
export function centreOfMass(pixels: ArrayLike<number>, width: number, height: number): [number, number] | null {
  let sum = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = pixels[y * width + x]!;
      sum += v;
      sx += v * x;
      sy += v * y;
    }
  }
  return sum > 0 ? [sx / sum, sy / sum] : null;
}

/**
 * Area-averaging resample of the `w`x`h` window at (`x0`, `y0`) of `src` (row stride `stride`)
 * to `outW`x`outH`: each output pixel is the mean of the source area it covers, fractions included.
 */
function resample(src: ArrayLike<number>, stride: number, x0: number, y0: number, w: number, h: number, outW: number, outH: number): Float32Array {
  const out = new Float32Array(outW * outH);
  const fx = w / outW;
  const fy = h / outH;
  for (let oy = 0; oy < outH; oy++) {
    const top = oy * fy;
    const bottom = top + fy;
    for (let ox = 0; ox < outW; ox++) {
      const left = ox * fx;
      const right = left + fx;
      let acc = 0;
      for (let sy = Math.floor(top); sy < Math.min(h, Math.ceil(bottom)); sy++) {
        const wy = Math.min(bottom, sy + 1) - Math.max(top, sy);
        for (let sx = Math.floor(left); sx < Math.min(w, Math.ceil(right)); sx++) {
          const wx = Math.min(right, sx + 1) - Math.max(left, sx);
          acc += wx * wy * src[(y0 + sy) * stride + x0 + sx]!;
        }
      }
      out[oy * outW + ox] = acc / (fx * fy);
    }
  }
  return out;
}

/**
 * @param ink `width`x`height` row-major ink levels in [0, 1] (1 = full stroke), e.g. a canvas's
 *   red channel ÷ 255 for white strokes on black. Values outside [0, 1] are clamped.
 * @returns the 28x28 image, or a message when there is nothing to recognise (an empty drawing).
 */
export function preprocessDrawing(ink: ArrayLike<number>, width: number, height: number): PreprocessResult {
  if (!(width > 0 && height > 0) || ink.length !== width * height) {
    return { ok: false, message: `The drawing must be ${width}x${height} values, got ${ink.length}.` };
  }
  const level = (i: number) => Math.min(1, Math.max(0, Number.isFinite(ink[i]!) ? ink[i]! : 0));
  let minX = width;
  let minY = height;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (level(y * width + x) > INK_THRESHOLD) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  if (maxX < 0) return { ok: false, message: 'The pad is empty: draw a digit (or a piece of clothing) first.' };
  const clamped = Float32Array.from({ length: width * height }, (_, i) => level(i));
  const boxW = maxX - minX + 1;
  const boxH = maxY - minY + 1;
  // Fit the longer side to 20 pixels, keeping the aspect ratio (a "1" stays thin).
  const scale = DIGIT_BOX / Math.max(boxW, boxH);
  const outW = Math.max(1, Math.min(DIGIT_BOX, Math.round(boxW * scale)));
  const outH = Math.max(1, Math.min(DIGIT_BOX, Math.round(boxH * scale)));
  const digit = resample(clamped, width, minX, minY, boxW, boxH, outW, outH);
  // Shift so the centre of mass lands on the field's centre (14, 14), by whole pixels, keeping the digit inside.
  const [cx, cy] = centreOfMass(digit, outW, outH)!;
  const half = MNIST_SIDE / 2;
  const left = Math.min(MNIST_SIDE - outW, Math.max(0, Math.round(half - cx)));
  const top = Math.min(MNIST_SIDE - outH, Math.max(0, Math.round(half - cy)));
  const pixels = new Float32Array(MNIST_SIDE * MNIST_SIDE);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) pixels[(top + y) * MNIST_SIDE + left + x] = Math.min(1, digit[y * outW + x]!);
  }
  return { ok: true, pixels, width: outW, height: outH };
}
