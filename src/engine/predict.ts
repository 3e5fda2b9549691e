import * as tf from '@tensorflow/tfjs-core';
import { CLASSES, INPUT_UNITS } from './config';
import { forward, type Model } from './model';

/**
 * Network inputs from image bytes: `[count * 784]` float32, each byte ÷ 255 (pixels in 0–1, as
 * training uploads them) times `scale` (1 unless a run was trained on other scaling).
 */
export function inputsFromBytes(pixels: Uint8Array, scale = 1): Float32Array {
  const out = new Float32Array(pixels.length);
  const k = scale / 255;
  for (let i = 0; i < pixels.length; i++) out[i] = pixels[i]! * k;
  return out;
}

/**
 * Class probabilities (softmax of the logits) for the images in `xs`, in inference mode: BatchNorm
 * uses its moving statistics and nothing in `net` changes, so an image gets the same answer alone
 * or in any batch.
 * @param xs `[count * 784]` float32 network inputs, image after image (pixels in 0–1 for a run
 *   trained as the app trains).
 * @returns `[count * 10]` float32, row-major: row i holds image i's 10 probabilities, summing to 1.
 *   Every tensor made here is freed before it returns.
 */
export async function predictProbabilities(net: Model, xs: Float32Array, batchSize = 1000): Promise<Float32Array> {
  if (xs.length % INPUT_UNITS !== 0) throw new Error(`Inputs must be whole images of ${INPUT_UNITS} values, got ${xs.length} values.`);
  const count = xs.length / INPUT_UNITS;
  const out = new Float32Array(count * CLASSES);
  for (let start = 0; start < count; start += batchSize) {
    const n = Math.min(batchSize, count - start);
    const probabilities = tf.tidy(() => {
      const batch = tf.tensor2d(xs.subarray(start * INPUT_UNITS, (start + n) * INPUT_UNITS), [n, INPUT_UNITS], 'float32');
      return tf.softmax(forward(net, batch, 'infer'));
    });
    try {
      out.set(await probabilities.data<'float32'>(), start * CLASSES);
    } finally {
      probabilities.dispose();
    }
  }
  return out;
}
