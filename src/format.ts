export const formatInt = (n: number) => Math.round(n).toLocaleString('en-US');

export function formatBytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** m:ss, or h:mm:ss past an hour. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A learning rate in short form: 0.001 → "1e-3", 0.05 → "0.05". */
export function formatLearningRate(lr: number): string {
  if (lr >= 0.01) return String(Number(lr.toPrecision(2)));
  const [mantissa, exponent] = lr.toExponential(1).split('e');
  const m = Number(mantissa);
  return `${m === Math.round(m) ? m.toFixed(0) : m}e${Number(exponent)}`;
}

export const formatPercent = (x: number) => `${(x * 100).toFixed(2)}%`;
