import * as tf from '@tensorflow/tfjs-core';
// Gradients of the probe's loss; tfjs-core alone registers none.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { gatherInputs, splitIndices, type Split } from './dataTensors';
import { correctCount, crossEntropy, type LossAccuracy } from './metrics';
import { bnVariables } from './layers/batchNorm';
import { hiddenBlocks, type HiddenBlock } from './layers/blocks';
import type { LandscapeOptions, LandscapeProbe } from './landscape';
import { forward, type LayerRecord, type Model } from './model';
import { columnPercentiles, percentiles, PROBE_PERCENTILES } from './percentiles';
import { sampledRows } from './probeSample';
import { PROBE_BATCH_SIZE } from './probeSchedule';
import { fusedProbeValues, type KnownPercentiles } from './wasm/fusedProbe';

/**
 * Probes: a look inside the network between two training steps, on a fixed batch, without
 * changing it. What BatchNorm does becomes visible: the distribution of each unit's input to its
 * activation (Ioffe & Szegedy 2015, Figure 1), BatchNorm's batch statistics against its moving
 * ones, the same weights scored in training and in inference mode, and the gradient a Dense or
 * Conv2D bias gets when BatchNorm follows it (none: BatchNorm subtracts it again). In a Conv2D
 * block a "unit" is a channel, and its values are those at every position of every image, as
 * per-channel BatchNorm sees them (statistics over batch × height × width).
 */

/** BatchNorm's statistics and parameters in one hidden block, `[units]` float32 each (units: a conv block's channels). */
export interface BnProbe {
  /** Mean and (biased) variance over the probe batch of BatchNorm's input, as training mode uses them. */
  batchMean: Float32Array;
  batchVariance: Float32Array;
  /** The moving statistics inference mode uses instead. */
  movingMean: Float32Array;
  movingVariance: Float32Array;
  gamma: Float32Array;
  beta: Float32Array;
  /**
   * Mean and variance over the probe batch of BatchNorm's input in inference mode: what the moving
   * statistics should match. With dropout before BatchNorm they do not (the variance shift).
   */
  inferMean: Float32Array;
  inferVariance: Float32Array;
}

/** One hidden block (see `hiddenBlocks`) at one probe. */
export interface LayerProbe {
  /** Units of a Dense block, channels of a Conv2D block. */
  units: number;
  /** Values per unit in each probe image: 1 for a Dense block, height × width of a Conv2D block's activation input. */
  positions: number;
  /**
   * Values per unit the percentiles come from: every one (batch size × positions) up to
   * PROBE_SAMPLES_PER_UNIT, else that many at the same positions at every probe (see `sampledRows`).
   */
  samples: number;
  /**
   * Per unit, the PROBE_PERCENTILES (15th, 50th, 85th) of its input to the activation over the
   * probe batch (and positions) in training mode: `[units * 3]`, unit by unit (unit 0's three first).
   */
  unitPercentiles: Float32Array;
  /** The same percentiles over every unit's inputs to the activation together: the layer-wide summary. */
  layerPercentiles: [number, number, number];
  /** Null when the block has no BatchNorm. */
  bn: BnProbe | null;
}

/** L2 norms of the loss gradient of one weight layer's kernel and bias (nothing is updated). */
export interface GradNorms {
  kernel: number;
  bias: number;
}

export interface Probe {
  /** Training steps taken before the probe (0: the initial weights). */
  step: number;
  /** Images in the probe batch (fewer than PROBE_BATCH_SIZE when the validation data is smaller). */
  batchSize: number;
  layers: LayerProbe[];
  /** Per weight layer (Conv2D and Dense), in order, the output layer last; in training mode on the probe batch. */
  gradNorms: GradNorms[];
  /** Loss and accuracy on the probe batch in training mode: BatchNorm uses the batch's own statistics. */
  train: LossAccuracy;
  /** The same weights in inference mode: BatchNorm uses the moving statistics. */
  infer: LossAccuracy;
  /** Wall time the probe took, ms: what it cost the training it interrupted. */
  ms: number;
  /** Optional: the loss landscape along the gradient, at the probes where the run measured it (see `ProbeOptions.landscape`). */
  landscape?: LandscapeProbe;
}

/** The probe batch: rows `0 … n-1` of `split`, n = min(PROBE_BATCH_SIZE, split.count). */
export function probeRows(split: Split, size = PROBE_BATCH_SIZE): Int32Array {
  const n = Math.min(size, split.count);
  return Int32Array.from({ length: n }, (_, i) => i);
}

const isWeightLayer = (l: Model['layers'][number]) => l.spec.kind === 'dense' || l.spec.kind === 'conv2d';

/** Weight layers' kernels and biases, in order (the output layer last). */
function weightVariables(net: Model): tf.Variable[] {
  return net.layers.filter(isWeightLayer).flatMap((l) => l.variables);
}

/**
 * A block a probe looks at: the index of its BatchNorm layer (null when it has none), its
 * positions per image, and the rows of its `[n · positions, units]` activation inputs read (null: all).
 */
type ProbedBlock = { block: HiddenBlock; bn: number | null; positions: number; sample: Int32Array | null; samples: number };

/** The blocks a probe of `n` images looks at, worked out once per probe: the tensor's layout and its reading follow them. */
function probedBlocks(net: Model, n: number): ProbedBlock[] {
  return hiddenBlocks(net.config.layers).map((block) => {
    const shape = net.layers[block.activation]!.inShape;
    const positions = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const sample = sampledRows(n * positions);
    return { block, bn: block.norm?.kind === 'batchNorm' ? block.norm.index : null, positions, sample, samples: sample?.length ?? n * positions };
  });
}

/** A block's activation inputs as `[samples * units]`, row by row: the sampled positions' (see `sampledRows`), or all. */
function activationValues(input: tf.Tensor, { block, sample }: ProbedBlock): tf.Tensor {
  const rows = tf.reshape(input, [-1, block.units]);
  return flat(sample ? tf.gather(rows, tf.tensor1d(sample, 'int32')) : rows);
}

/** Mean and variance per channel (the last axis) over every other axis: the batch, and height and width of an image. */
const channelMoments = (x: tf.Tensor) => tf.moments(x, [...Array(x.rank - 1).keys()]);

/** The input to layer `index` of a recorded forward pass: what the layer before it put out (the network's input for the first). */
const inputOf = (record: LayerRecord[], xs: tf.Tensor2D, index: number): tf.Tensor => (index === 0 ? xs : record[index - 1]!.output);

const flat = (t: tf.Tensor) => tf.reshape(t, [-1]);

/**
 * What one forward and backward pass in training mode, and one forward pass in inference mode,
 * show on the rows `rows` of `split`, as one float32 tensor (read back once), laid out as
 * `unpack` expects: `[loss, accuracy]` in training mode; per hidden block its activation inputs
 * `[samples * units]`, then (with BatchNorm) batch mean and variance; the gradient norms (kernel, bias
 * per weight layer); `[loss, accuracy]` in inference mode; per BatchNorm layer its moving mean,
 * moving variance, gamma, beta, and the mean and variance of its input in inference mode. The caller owns the tensor. Changes no variable.
 */
function probeTensor(net: Model, blocks: ProbedBlock[], split: Split, rows: Int32Array): tf.Tensor1D {
  // Made inside the gradient's scope and kept past it: freed here.
  const held: { kept: tf.Tensor1D | null } = { kept: null };
  try {
    return tf.tidy(() => {
      const idx = splitIndices(split, rows);
      // Scaled as the split says (a run may be set up to evaluate on differently scaled pixels).
      const xs = gatherInputs(split, idx);
      const labels = tf.gather(split.source.labels, idx);
      const n = rows.length;
      const variables = weightVariables(net);
      const { grads } = tf.variableGrads(() => {
        const record: LayerRecord[] = [];
        const logits = forward(net, xs, 'train', { record, updateMovingStats: false });
        const loss = crossEntropy(logits, labels);
        // The gradient's scope frees everything but the loss; what the probe reads is kept past it.
        held.kept = tf.keep(
          tf.concat([
            tf.stack([loss, tf.div(correctCount(logits, labels), n)]),
            ...blocks.flatMap((b) => {
              const stats = b.bn === null ? null : record[b.bn]!;
              return [activationValues(inputOf(record, xs, b.block.activation), b), ...(stats?.mean && stats.variance ? [stats.mean, stats.variance] : [])];
            }),
          ]) as tf.Tensor1D,
        );
        return loss;
      }, variables);
      const norms = variables.map((v) => tf.norm(grads[v.name]!));
      const inferRecord: LayerRecord[] = [];
      const inferLogits = forward(net, xs, 'infer', { record: inferRecord });
      const infer = [crossEntropy(inferLogits, labels), tf.div(correctCount(inferLogits, labels), n)];
      const bnValues = blocks.flatMap(({ bn }) => {
        if (bn === null) return [];
        const v = bnVariables(net.layers[bn]!.variables);
        // What inference actually feeds BatchNorm (dropout off, earlier BatchNorms on their moving statistics).
        const seen = channelMoments(inputOf(inferRecord, xs, bn));
        return [v.movingMean, v.movingVariance, v.gamma, v.beta, seen.mean, seen.variance];
      });
      return tf.concat([held.kept!, tf.stack([...norms, ...infer]), ...bnValues.map(flat)]) as tf.Tensor1D;
    });
  } finally {
    held.kept?.dispose();
  }
}

/** Reads the layout `probeTensor` wrote. */
function unpack(net: Model, blocks: ProbedBlock[], values: Float32Array, n: number, step: number, known?: KnownPercentiles): Omit<Probe, 'ms'> {
  let at = 0;
  const take = (count: number) => {
    const part = values.subarray(at, at + count);
    at += count;
    return part;
  };
  const [trainLoss, trainAccuracy] = take(2);
  const traced = blocks.map(({ block, bn, positions, samples }) => {
    const units = block.units;
    const pre = take(samples * units);
    const stats = bn !== null ? { batchMean: take(units).slice(), batchVariance: take(units).slice() } : null;
    return { units, positions, samples, pre, stats };
  });
  const weightCount = net.layers.filter(isWeightLayer).length;
  const gradNorms = Array.from({ length: weightCount }, () => take(2)).map(([kernel, bias]) => ({ kernel: kernel!, bias: bias! }));
  const [inferLoss, inferAccuracy] = take(2);
  const layers = traced.map(({ units, positions, samples, pre, stats }, i): LayerProbe => {
    const layerPercentiles = known?.[i]?.layer ?? (percentiles(pre, PROBE_PERCENTILES) as [number, number, number]);
    const bn = stats
      ? {
          ...stats,
          movingMean: take(units).slice(),
          movingVariance: take(units).slice(),
          gamma: take(units).slice(),
          beta: take(units).slice(),
          inferMean: take(units).slice(),
          inferVariance: take(units).slice(),
        }
      : null;
    const unitPercentiles = known?.[i]?.unit ?? columnPercentiles(pre, samples, units, PROBE_PERCENTILES);
    return { units, positions, samples, unitPercentiles, layerPercentiles, bn };
  });
  if (at !== values.length) throw new Error(`probe layout: read ${at} of ${values.length} values`);
  return {
    step,
    batchSize: n,
    layers,
    gradNorms,
    train: { loss: trainLoss!, accuracy: trainAccuracy! },
    infer: { loss: inferLoss!, accuracy: inferAccuracy! },
  };
}

/**
 * Probes `net` after `step` training steps on the rows `rows` of `split` (see `probeRows`).
 * Changes nothing: BatchNorm's moving statistics are not updated and the gradients are only
 * measured. One read-back from the device; `read` may wrap it (e.g. `RunControl.guard`). Every
 * tensor it makes is freed, whatever happens.
 */
export async function probeModel(
  net: Model,
  split: Split,
  rows: Int32Array,
  step: number,
  read: (values: Promise<Float32Array>) => Promise<Float32Array> = (v) => v,
): Promise<Probe> {
  if (rows.length < 2) throw new Error('A probe needs at least 2 images.');
  const began = performance.now();
  const blocks = probedBlocks(net, rows.length);
  // A network our WebAssembly kernels train is probed by them too (the same values, ~10× faster), when every activation input is read whole.
  const fused = blocks.every((b) => b.sample === null) ? fusedProbeValues(net, split, rows, PROBE_PERCENTILES) : null;
  const packed = fused ? null : probeTensor(net, blocks, split, rows);
  let values: Float32Array;
  try {
    values = await read(packed ? packed.data<'float32'>() : Promise.resolve(fused!.values));
  } finally {
    packed?.dispose();
  }
  const probe = unpack(net, blocks, values, rows.length, step, fused?.percentiles);
  return { ...probe, ms: performance.now() - began };
}

/** How a training loop probes: every `every` steps (and before the first and after the last), handing each probe over. */
export interface ProbeOptions {
  every: number;
  /**
   * Optional: a due probe is skipped while the probes after the first have taken more than this
   * share of the training time (the first also compiles the GPU's programs for the probe batch).
   * Absent: every due probe is taken.
   */
  maxTimeShare?: number;
  /** Optional: also measure the loss landscape at some probes (see probeTaker.ts); its time is not counted against `maxTimeShare`. */
  landscape?: LandscapeOptions;
  onProbe(probe: Probe): void;
}

/** The typed arrays a probe holds, each its own buffer: to transfer it to another thread. */
export function probeBuffers(probe: Probe): ArrayBufferLike[] {
  return probe.layers.flatMap((l) => [
    l.unitPercentiles.buffer,
    ...(l.bn
      ? [l.bn.batchMean, l.bn.batchVariance, l.bn.movingMean, l.bn.movingVariance, l.bn.gamma, l.bn.beta, l.bn.inferMean, l.bn.inferVariance].map(
          (a) => a.buffer,
        )
      : []),
  ]);
}

export { MAX_PROBES_PER_RUN, PROBE_BATCH_SIZE, PROBE_MIN_INTERVAL, PROBE_TIME_SHARE, probeInterval } from './probeSchedule';
