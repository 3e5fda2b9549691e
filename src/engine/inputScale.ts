/**
 * How an image's 0..255 pixel bytes become the network's input values. The app divides by 255
 * (pixels in 0–1); the notebook's data cell ran twice, dividing its training images by 255 twice
 * (0–0.0039) while its test images were divided once. Plain data, no tfjs.
 */
export const INPUT_SCALES = ['div255', 'div255twice', 'raw'] as const;
export type InputScale = (typeof INPUT_SCALES)[number];

/** What a config without a scaling field means: ÷255, pixels in 0–1. */
export const DEFAULT_INPUT_SCALE: InputScale = 'div255';

/**
 * The factor applied to the uploaded values (bytes ÷ 255, in 0–1) to get the input the network
 * sees: 1 for ÷255, 1/255 for ÷255 twice, 255 for raw bytes.
 */
export function inputScaleFactor(scale: InputScale): number {
  switch (scale) {
    case 'div255':
      return 1;
    case 'div255twice':
      return 1 / 255;
    case 'raw':
      return 255;
    default: {
      const unknown: never = scale;
      throw new Error(`unknown input scale ${String(unknown)}`);
    }
  }
}

/** Short labels for names and notes, e.g. "0–0.004". */
export const INPUT_SCALE_RANGES: Readonly<Record<InputScale, string>> = {
  div255: '0–1',
  div255twice: '0–0.004',
  raw: '0–255',
};
