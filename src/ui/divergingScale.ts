/**
 * A diverging colour scale for signed values (filter weights): ColorBrewer's PuOr, purple for
 * negative, near-white for 0, orange for positive. ColorBrewer rates it safe for colour-blind
 * viewers: it runs from blue-purple to orange, the pair every common colour-vision deficiency
 * still tells apart. Its stops are picked so lightness falls about equally on both sides (the
 * purple middle stop lies between two of PuOr's), so |value| also reads in grey.
 */
const STOPS: ReadonlyArray<readonly [number, number, number]> = [
  [0x54, 0x27, 0x88],
  [0x99, 0x8f, 0xbf],
  [0xd8, 0xda, 0xeb],
  [0xf7, 0xf7, 0xf7],
  [0xfe, 0xe0, 0xb6],
  [0xe0, 0x82, 0x14],
  [0x7f, 0x3b, 0x08],
];

/** `[r, g, b]` 0..255 for `t` in [−1, 1] (clamped; NaN as 0): −1 purple, 0 near-white, 1 orange. */
export function divergingRgb(t: number): [number, number, number] {
  const x = ((Math.min(1, Math.max(-1, Number.isFinite(t) ? t : 0)) + 1) / 2) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [STOPS[i]!, STOPS[i + 1]!];
  return [0, 1, 2].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * f)) as [number, number, number];
}

/** A CSS linear gradient of the scale, left (−1) to right (1), for a colour bar. */
export const DIVERGING_GRADIENT = `linear-gradient(to right, ${STOPS.map(([r, g, b]) => `rgb(${r}, ${g}, ${b})`).join(', ')})`;
