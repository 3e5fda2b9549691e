import { describe, expect, it } from 'vitest';
import { makeSplits } from '../../engine/dataTensors';
import { PROBE_TIME_SHARE, probeInterval, type Probe } from '../../engine/probe';
import { LANDSCAPE_TIME_SHARE, landscapeInterval } from '../../engine/probeTaker';
import { RunControl } from '../../engine/runControl';
import { useRealMnistOnWasm } from '../../engine/testing/realMnistOnWasm';
import { runExperiment, stepsPerEpoch } from '../../engine/train';
import type { ExperimentConfig } from '../../engine/config';
import { hasBatchNorm } from '../bnPartner';
import { chapterPlan } from './chapter';
import { chapter7 } from './chapter7';
import { landscapesOf, summariseSmoothness } from './smoothness';

/**
 * Chapter 7's caption on its own experiment: the tutorial network with and without BatchNorm, on
 * real MNIST on wasm, probed as the worker probes a run that asks for the loss landscape. The
 * caption tells the student the run with BatchNorm has the smaller loss range; this checks it,
 * and what the measurements cost.
 */
const mnist = useRealMnistOnWasm();

/** Trains one run as the worker would (same probe and landscape schedule); its probes, training time and the landscapes' time. */
async function train(config: ExperimentConfig) {
  const splits = makeSplits(mnist.train, mnist.test, config.train);
  const total = stepsPerEpoch(splits.train.count, config.train.batchSize) * config.train.epochs;
  const probes: Probe[] = [];
  let trainedMs = 0;
  const outcome = await runExperiment(config, splits, new RunControl(), {
    onSteps: (_, progress) => void (trainedMs = progress.elapsedMs),
    onEpoch: () => {},
    onLearningRate: () => {},
    onPaused: () => {},
    onResumed: () => {},
    probes: {
      every: probeInterval(total),
      maxTimeShare: PROBE_TIME_SHARE,
      landscape: { every: landscapeInterval(total), maxTimeShare: LANDSCAPE_TIME_SHARE },
      onProbe: (p) => void probes.push(p),
    },
  });
  expect(outcome.status).toBe('completed');
  // The last probe (with its landscape) comes after the last delivery of steps: not inside trainedMs.
  const inside = probes.filter((p) => p.step < total);
  const landscapeMs = inside.reduce((t, p) => t + (p.landscape?.ms ?? 0), 0);
  const probeMs = inside.reduce((t, p) => t + p.ms, 0);
  return { probes, trainedMs, landscapeMs, probeMs };
}

describe('chapter 7 on real MNIST (wasm)', () => {
  it('the run with BatchNorm has the smaller loss range, as the caption says; the measurements cost under 10% of training time', async () => {
    const [group] = chapterPlan(chapter7);
    expect(group).toHaveLength(2);
    const bnConfig = group!.find((c) => hasBatchNorm(c))!;
    const plainConfig = group!.find((c) => !hasBatchNorm(c))!;
    await train({ ...bnConfig, train: { ...bnConfig.train, trainLimit: 640 } }); // warm-up: kernels compiled, gradients registered
    const bn = await train(bnConfig);
    const plain = await train(plainConfig);
    const summary = summariseSmoothness(bn.probes, plain.probes)!;
    const f = (v: number) => v.toPrecision(3);
    for (const [name, run] of [
      ['BN', bn],
      ['no BN', plain],
    ] as const) {
      console.log(
        `smoothness ${name}: ${summary.counts[name === 'BN' ? 'bn' : 'plain']} landscapes; ` +
          `landscapes ${((run.landscapeMs / run.trainedMs) * 100).toFixed(1)}% and probes ${((run.probeMs / run.trainedMs) * 100).toFixed(1)}% of training time ` +
          `(${run.trainedMs.toFixed(0)} ms; each: ${run.probes.flatMap((p) => (p.landscape ? [`${p.step}: ${p.landscape.ms.toFixed(0)} ms`] : [])).join(', ')})`,
      );
      expect(run.landscapeMs / run.trainedMs).toBeLessThan(0.1);
    }
    console.log(
      `smoothness medians (BN / no BN): loss range ${f(summary.medians.lossRange.bn)} / ${f(summary.medians.lossRange.plain)}, ` +
        `gradient change ${f(summary.medians.maxGradChange.bn)} / ${f(summary.medians.maxGradChange.plain)}, ` +
        `beta ${f(summary.medians.beta.bn)} / ${f(summary.medians.beta.plain)}`,
    );
    // Two points at least, for a line each.
    expect(Math.min(summary.counts.bn, summary.counts.plain)).toBeGreaterThanOrEqual(2);
    expect(summary.bnSmoother).toBe(true);
    // The answer's picture, at each run's last measurement: with BatchNorm the loss still falls at the longest step; without, the longest step lands higher than a shorter one.
    const [lastBn, lastPlain] = [landscapesOf(bn.probes).at(-1)!.landscape, landscapesOf(plain.probes).at(-1)!.landscape];
    console.log(
      `smoothness last: BN ${lastBn.loss.toFixed(3)} → ${lastBn.losses.map((l) => l.toFixed(3)).join(' ')}; no BN ${lastPlain.loss.toFixed(3)} → ${lastPlain.losses.map((l) => l.toFixed(3)).join(' ')}`,
    );
    expect(lastBn.losses.at(-1)!).toBeLessThan(lastBn.loss);
    expect(lastPlain.losses.at(-1)!).toBeGreaterThan(Math.min(...lastPlain.losses));
  }, 300_000);
});
