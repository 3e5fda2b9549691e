/**
 * Run colours: Okabe–Ito without its yellow, which vanishes on white under a projector. Past
 * seven runs colours repeat, so charts also give repeated colours a dash pattern.
 */
export const RUN_COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'] as const;
const DASHES = ['', '8 4', '2 3'] as const;

export const runColor = (index: number) => RUN_COLORS[index % RUN_COLORS.length]!;
export const runDash = (index: number) => DASHES[Math.floor(index / RUN_COLORS.length) % DASHES.length]!;

/** The colour index used least among `used` (lowest first on ties), so a new run stands out from those shown. */
export function nextColorIndex(used: readonly number[]): number {
  const slots = RUN_COLORS.length * DASHES.length;
  const counts = new Array<number>(slots).fill(0);
  for (const i of used) counts[i % slots]! += 1;
  let best = 0;
  for (let i = 1; i < slots; i++) if (counts[i]! < counts[best]!) best = i;
  return best;
}
