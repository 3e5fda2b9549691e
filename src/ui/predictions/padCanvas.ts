/** The drawing pad's size in canvas pixels: 10 per MNIST pixel. */
export const PAD = 280;
/** A stroke about 2.2 MNIST pixels wide, as MNIST's pen strokes are once scaled. */
const PEN_WIDTH = 22;

export interface PadPoint {
  x: number;
  y: number;
}

/** Draws a round-capped white stroke from `from` to `to` (canvas pixels); a dot when they are the same point. */
export function drawStroke(ctx: CanvasRenderingContext2D, from: PadPoint, to: PadPoint): void {
  ctx.strokeStyle = '#fff';
  ctx.lineWidth = PEN_WIDTH;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.beginPath();
  ctx.moveTo(from.x, from.y);
  ctx.lineTo(to.x, to.y);
  ctx.stroke();
}

/** The pad's ink, `[PAD * PAD]` in [0, 1] (white is 1), read from its red channel. */
export function padInk(ctx: CanvasRenderingContext2D): Float32Array {
  const rgba = ctx.getImageData(0, 0, PAD, PAD).data;
  const ink = new Float32Array(PAD * PAD);
  for (let i = 0; i < ink.length; i++) ink[i] = rgba[i * 4]! / 255;
  return ink;
}
