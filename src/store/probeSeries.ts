import type { Probe } from '../engine/probe';

/**
 * A run's probes as the page keeps them: oldest first, steps increasing, thinned so a run never
 * holds more than MAX_PROBES_KEPT probes or MAX_PROBE_BYTES of them (a wide network's probes are
 * large: 8 layers of 2,048 units make ~0.6 MB each).
 */
export const MAX_PROBES_KEPT = 300;
export const MAX_PROBE_BYTES = 8 * 1024 * 1024;

/** Bytes of typed arrays one probe holds (its numbers aside). */
export function probeBytes(probe: Probe): number {
  return probe.layers.reduce((n, l) => {
    const bn = l.bn ? [l.bn.batchMean, l.bn.batchVariance, l.bn.movingMean, l.bn.movingVariance, l.bn.gamma, l.bn.beta] : [];
    return n + l.unitPercentiles.byteLength + bn.reduce((m, a) => m + a.byteLength, 0);
  }, 0);
}

/**
 * `probes` with `probe` appended (a new array). A probe not after the last one is dropped: after
 * a lost GPU a run may probe a step again. Past the limits every second probe is dropped (the
 * first and the newest stay), so the series keeps its whole span at half the density.
 */
export function appendProbe(probes: readonly Probe[], probe: Probe): readonly Probe[] {
  const last = probes.at(-1);
  if (last && probe.step <= last.step) return probes;
  let next = [...probes, probe];
  const bytes = () => next.reduce((n, p) => n + probeBytes(p), 0);
  while (next.length > 2 && (next.length > MAX_PROBES_KEPT || bytes() > MAX_PROBE_BYTES)) {
    next = next.filter((_, i) => i % 2 === 0 || i === next.length - 1);
  }
  return next;
}
