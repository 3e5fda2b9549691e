import type { Probe, ProbeOptions } from './probe';

export interface ProbeSchedulerParts {
  /** How the run is probed; absent: never. */
  options: ProbeOptions | undefined;
  /** Takes a probe after `atStep` steps (see `probeModel`); null when the probe batch is too small to probe. */
  take: ((atStep: number) => Promise<Probe>) | null;
  /** Steps up to this one were probed before a halt: not probed again. */
  quietThrough: number;
  /** Training time so far, ms, probes included. */
  elapsed(): number;
}

/** When a training run is probed: every `every` steps, unless the probes have cost more than `maxTimeShare` of the time. */
export interface ProbeScheduler {
  /** Whether the regular probe after `step` steps is due and affordable. Synchronous and allocation-free: asked every step. */
  isDue(step: number): boolean;
  /** Probes after `atStep` steps and hands the probe over, unless it did at that step just now or before a halt. */
  probe(atStep: number): Promise<void>;
}

export function createProbeScheduler({ options, take, quietThrough, elapsed }: ProbeSchedulerParts): ProbeScheduler {
  let probedAt = -1;
  /** Time the probes took, ms: all of them, and all but the first (which also compiles the GPU's programs). */
  let probeMs = 0;
  let laterProbeMs = 0;
  /** A due probe is skipped while the later probes have taken more than `maxTimeShare` of the time spent training. */
  const affordable = () => {
    const share = options?.maxTimeShare;
    return share === undefined || laterProbeMs <= share * (elapsed() - probeMs);
  };
  return {
    isDue: (step) => options !== undefined && step % options.every === 0 && affordable(),
    async probe(atStep) {
      if (!options || !take || atStep === probedAt || (quietThrough > 0 && atStep <= quietThrough)) return;
      const first = probedAt === -1;
      probedAt = atStep;
      const taken = await take(atStep);
      probeMs += taken.ms;
      if (!first) laterProbeMs += taken.ms;
      options.onProbe(taken);
    },
  };
}
