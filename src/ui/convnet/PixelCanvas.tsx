import { useEffect, useRef } from 'react';

interface PixelCanvasProps {
  width: number;
  height: number;
  /** `[width * height * 4]` RGBA bytes, row-major. */
  pixels: Uint8ClampedArray;
  /** CSS pixels per image pixel (the canvas is drawn at its own size and scaled up with sharp pixels). */
  scale: number;
  /** The accessible name, e.g. "Channel 3: −1.2 to 4.5". */
  label: string;
}

/** A small image (a feature map, a filter) drawn once per change of its pixels. */
export function PixelCanvas({ width, height, pixels, scale, label }: PixelCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const image = ctx.createImageData(width, height);
    image.data.set(pixels);
    ctx.putImageData(image, 0, 0);
  }, [pixels, width, height]);
  return (
    <canvas
      ref={ref}
      className="pixel-canvas"
      width={width}
      height={height}
      role="img"
      aria-label={label}
      title={label}
      style={{ width: width * scale, height: height * scale }}
    />
  );
}
