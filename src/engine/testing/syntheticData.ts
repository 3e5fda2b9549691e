import type { ImageSetBytes } from '../dataTensors';
import { createRng } from '../rng';

/**
 * A small learnable stand-in for MNIST: each class lights up its own band of pixels, plus noise.
 * Shape and types match the real data, so the engine cannot tell the difference.
 */
export function syntheticImageSet(count: number, seed = 7): ImageSetBytes {
  const rng = createRng(seed);
  const pixels = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % 10;
    labels[i] = label;
    for (let p = 0; p < 784; p++) {
      const inBand = Math.floor(p / 78.4) === label;
      pixels[i * 784 + p] = Math.floor((inBand ? 0.6 : 0) * 255 + rng.next() * 100);
    }
  }
  return { count, pixels, labels };
}
