import * as tf from '@tensorflow/tfjs-core';
import { CLASSES, INPUT_UNITS } from './config';
import { convStageLayers, type MapStageKind } from './featureMapStages';
import { forward, type LayerRecord, type Model } from './model';

export { convStageLayers, type MapStageKind } from './featureMapStages';

/**
 * What a convnet makes of one image, layer by layer: the feature maps of every conv block (each
 * channel a small image) after its convolution, normalisation, activation and pooling, and the
 * learned filters of the first convolution. Inference mode: BatchNorm uses its moving statistics,
 * so one image is seen as the trained network sees any image.
 */

/** One stage of a conv block for the image: the output of one layer, `[height, width, channels]`. */
export interface MapStage {
  /** Index of the layer in the list. */
  layer: number;
  kind: MapStageKind;
  height: number;
  width: number;
  channels: number;
  /** `[channels * height * width]` float32, channel after channel, each channel's image row-major. */
  values: Float32Array;
}

/** A conv block: its convolution (layer `weight`) and the stages after it, in order. */
export interface ConvBlockMaps {
  weight: number;
  stages: MapStage[];
}

/** The first convolution's kernels as images: `count` filters of `size` × `size` for each of `inChannels` input channels. */
export interface FilterImages {
  /** Index of the conv layer. */
  layer: number;
  size: number;
  inChannels: number;
  count: number;
  /** `[count * inChannels * size * size]` float32, filter after filter, then input channel, each row-major. */
  values: Float32Array;
}

export interface FeatureMaps {
  blocks: ConvBlockMaps[];
  /** Null when the network has no convolution. */
  filters: FilterImages | null;
  /** `[10]` the class probabilities the same pass gives the image (inference mode). */
  probabilities: Float32Array;
}

/**
 * The feature maps of `net` for one image `input` (`[784]` float32 network input, row-major 28×28,
 * scaled as the run's evaluation scaled them), and its first convolution's filters. One forward
 * pass in inference mode, one read-back; changes nothing in `net` and frees every tensor it makes.
 * Every array returned owns its buffer (to be transferred).
 */
export async function featureMaps(net: Model, input: Float32Array): Promise<FeatureMaps> {
  if (input.length !== INPUT_UNITS) throw new Error(`An image must be ${INPUT_UNITS} values, got ${input.length}.`);
  const plan = convStageLayers(net.config.layers);
  const firstConv = net.layers.findIndex((l) => l.spec.kind === 'conv2d');
  const packed = tf.tidy(() => {
    const record: LayerRecord[] = [];
    const logits = forward(net, tf.tensor2d(input, [1, INPUT_UNITS]), 'infer', { record });
    // Channel-major, so each channel's image is one contiguous run of values.
    const maps = plan.flatMap((b) => b.stages.map((s) => tf.reshape(tf.transpose(record[s.layer]!.output, [0, 3, 1, 2]), [-1])));
    // Kernel [k, k, in, filters] to [filters, in, k, k].
    const kernel = firstConv < 0 ? [] : [tf.reshape(tf.transpose(net.layers[firstConv]!.variables[0]!, [3, 2, 0, 1]), [-1])];
    return tf.concat([tf.reshape(tf.softmax(logits), [-1]), ...maps, ...kernel]);
  });
  let values: Float32Array;
  try {
    values = await packed.data<'float32'>();
  } finally {
    packed.dispose();
  }
  let at = 0;
  const take = (count: number) => values.slice(at, (at += count));
  const probabilities = take(CLASSES);
  const blocks = plan.map((b): ConvBlockMaps => ({
    weight: b.weight,
    stages: b.stages.map((s) => {
      const [height, width, channels] = net.layers[s.layer]!.outShape as [number, number, number];
      return { layer: s.layer, kind: s.kind, height, width, channels, values: take(height * width * channels) };
    }),
  }));
  let filters: FilterImages | null = null;
  if (firstConv >= 0) {
    const [size, , inChannels, count] = net.layers[firstConv]!.variables[0]!.shape as [number, number, number, number];
    filters = { layer: firstConv, size, inChannels, count, values: take(size * size * inChannels * count) };
  }
  if (at !== values.length) throw new Error(`feature maps layout: read ${at} of ${values.length} values`);
  return { blocks, filters, probabilities };
}

/** The typed arrays a FeatureMaps holds, each its own buffer: to transfer it to another thread. */
export function featureMapBuffers(maps: FeatureMaps): ArrayBuffer[] {
  return [maps.probabilities, ...maps.blocks.flatMap((b) => b.stages.map((s) => s.values)), ...(maps.filters ? [maps.filters.values] : [])].map(
    (a) => a.buffer as ArrayBuffer,
  );
}
