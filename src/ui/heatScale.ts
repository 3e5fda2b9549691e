/**
 * A sequential colour scale for heat maps (pixel values, confusion-matrix counts): white through
 * Okabe–Ito sky blue and blue to a deep navy. Lightness falls steadily, so the order reads in
 * grey, on a washed-out projector and with any colour-vision deficiency.
 */
const STOPS: ReadonlyArray<readonly [number, number, number]> = [
  [0xff, 0xff, 0xff],
  [0x56, 0xb4, 0xe9],
  [0x00, 0x72, 0xb2],
  [0x00, 0x25, 0x3d],
];

/** `[r, g, b]` 0..255 for `t` in [0, 1] (clamped): 0 white, 1 navy. */
export function heatRgb(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [STOPS[i]!, STOPS[i + 1]!];
  return [0, 1, 2].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * f)) as [number, number, number];
}

/** CSS colour for `t` in [0, 1]. */
export function heatColor(t: number): string {
  const [r, g, b] = heatRgb(t);
  return `rgb(${r}, ${g}, ${b})`;
}

/** WCAG relative luminance of an sRGB colour (0..255 channels). */
export function luminance([r, g, b]: readonly [number, number, number]): number {
  const lin = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio of two luminances. */
export const contrastRatio = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

/**
 * Text on a cell of heat `t`: black or white, whichever contrasts more. On any colour one of the
 * two reaches at least 4.58:1 (WCAG AA asks 4.5:1 for text).
 */
export function heatTextColor(t: number): string {
  const l = luminance(heatRgb(t));
  return contrastRatio(l, 0) >= contrastRatio(l, 1) ? '#000000' : '#ffffff';
}

/** A CSS linear gradient of the scale, left (0) to right (1), for a colour bar. */
export const HEAT_GRADIENT = `linear-gradient(to right, ${STOPS.map(([r, g, b]) => `rgb(${r}, ${g}, ${b})`).join(', ')})`;
