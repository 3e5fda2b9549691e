import { useEffect, useRef } from 'react';

const SIDE = 28;

interface DigitCanvasProps {
  /** `[784]` row-major: uint8 0..255, or float 0..1. */
  pixels: ArrayLike<number>;
  /** 0..255 (bytes) or 0..1 (floats). */
  max: 255 | 1;
  /** CSS pixels per image pixel. */
  scale: number;
  /** The accessible name, e.g. "Test image 7: a 2". */
  label: string;
}

/**
 * A 28x28 image as the network sees it, grey levels as stored (0 black, the most ink white), drawn
 * at 28x28 and scaled up by CSS with sharp pixels.
 */
export function DigitCanvas({ pixels, max, scale, label }: DigitCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const image = ctx.createImageData(SIDE, SIDE);
    for (let i = 0; i < SIDE * SIDE; i++) {
      const v = Math.round(((pixels[i] ?? 0) / max) * 255);
      image.data.set([v, v, v, 255], i * 4);
    }
    ctx.putImageData(image, 0, 0);
  }, [pixels, max]);
  return (
    <canvas ref={ref} className="digit-canvas" width={SIDE} height={SIDE} role="img" aria-label={label} style={{ width: SIDE * scale, height: SIDE * scale }} />
  );
}
