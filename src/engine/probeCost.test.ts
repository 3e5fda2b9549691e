import { expect, it } from 'vitest';
import { defaultExperiment } from './config';
import { makeSplits } from './dataTensors';
import { PROBE_MIN_INTERVAL, probeInterval, type Probe } from './probe';
import { RunControl } from './runControl';
import { useRealMnistOnWasm } from './testing/realMnistOnWasm';
import { runExperiment } from './train';

/**
 * What probes cost: the tutorial model (784 → 128 → BN → ReLU → 64 → BN → ReLU → 10, batch 32)
 * on real MNIST on wasm, probed at the densest interval the app uses (PROBE_MIN_INTERVAL).
 *
 * Measured inside the run: each probe times itself, and the cost is the probes' share of the
 * training time (the throughput lost: 1 − T_train / (T_train + T_probes)). A probe and the
 * steps around it see the same machine, which matters here: on a shared 2-core machine,
 * separate runs with and without probes swung by 3x in wall time and 2.5x in CPU time between
 * identical runs, so comparing them measured the neighbours. The samples/s of a run without
 * probes is printed beside it for a rough cross-check. Must stay under 10%.
 */
const mnist = useRealMnistOnWasm();

const STEPS = 500;

/** One epoch of STEPS batches; training time up to the last delivery of steps, and the probes taken on the way. */
async function trainOnce(probe: boolean): Promise<{ trainedMs: number; samples: number; probes: Probe[] }> {
  const config = defaultExperiment();
  config.train = { ...config.train, epochs: 1, trainLimit: STEPS * config.train.batchSize, validation: { kind: 'holdout', size: 1000 } };
  let trainedMs = 0;
  let samples = 0;
  const probes: Probe[] = [];
  const outcome = await runExperiment(config, makeSplits(mnist.train, mnist.test, config.train), new RunControl(), {
    onSteps: (_, progress) => {
      trainedMs = progress.elapsedMs;
      samples = progress.samplesSeen;
    },
    onEpoch: () => {},
    onLearningRate: () => {},
    onPaused: () => {},
    onResumed: () => {},
    ...(probe ? { probes: { every: PROBE_MIN_INTERVAL, onProbe: (p: Probe) => void probes.push(p) } } : {}),
  });
  expect(outcome.status).toBe('completed');
  return { trainedMs, samples, probes };
}

it(`probes every ${PROBE_MIN_INTERVAL} steps cost under 10% of training throughput (tutorial model, wasm)`, async () => {
  await trainOnce(true); // warm-up: kernels compiled, gradients registered
  const plain = await trainOnce(false);
  const { trainedMs, samples, probes } = await trainOnce(true);
  // The probe after the last step comes after the last delivery: not inside trainedMs.
  const inside = probes.filter((p) => p.step < STEPS);
  expect(inside.map((p) => p.step)).toEqual(Array.from({ length: STEPS / PROBE_MIN_INTERVAL }, (_, i) => i * PROBE_MIN_INTERVAL));
  const probeMs = inside.reduce((t, p) => t + p.ms, 0);
  const cost = probeMs / trainedMs;
  const perProbe = probeMs / inside.length;
  const perStep = (trainedMs - probeMs) / STEPS;
  console.log(
    `probe cost: ${(cost * 100).toFixed(1)}% of training time at one probe every ${PROBE_MIN_INTERVAL} steps ` +
      `(${perProbe.toFixed(1)} ms a probe = ${(perProbe / perStep).toFixed(1)} steps of ${perStep.toFixed(1)} ms; ` +
      `${(samples / (trainedMs / 1000)).toFixed(0)} samples/s with probes, ${(plain.samples / (plain.trainedMs / 1000)).toFixed(0)} in a run without; wasm, batch 32)`,
  );
  expect(cost).toBeLessThan(0.1);
  // The interval grows with the run, so a long run's probes cost less still and stay few.
  expect(probeInterval(100)).toBe(PROBE_MIN_INTERVAL);
  expect(probeInterval(56_250)).toBeGreaterThan(PROBE_MIN_INTERVAL);
}, 300_000);
