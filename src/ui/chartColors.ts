/**
 * Okabe–Ito colours: distinguishable with the common colour-vision deficiencies and dark enough
 * to survive a washed-out projector on white.
 */
export const CHART_COLORS = {
  raw: '#56B4E9',
  smooth: '#0072B2',
  validation: '#D55E00',
  marker: '#444444',
  grid: '#d0d0d0',
} as const;

/** The dash of one run's validation line, in the chart and in its legend. */
export const VALIDATION_DASH = '6 3';
