/**
 * The convolution's filter gradient as the engine computes it on WebGL (`conv2dFilterGrad`, one
 * dilated convolution) against WebGL's own Conv2DBackpropFilter kernel, on the convnet presets'
 * layer shapes. Read by webglKernels.e2e.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import { conv2dFilterGrad, type Padding } from '../../engine/conv';

declare global {
  interface Window {
    convGradCheck(): Promise<{ backend: string; cases: { name: string; maxDiff: number; scale: number }[] }>;
  }
}

/** [name, input shape, filters, kernel, stride, padding]: LeNet's two layers, the small convnet's two, a stride-2 'same' layer. */
const CASES: [string, [number, number, number, number], number, number, number, Padding][] = [
  ['lenet conv1 5x5 valid', [16, 28, 28, 1], 6, 5, 1, 'valid'],
  ['lenet conv2 5x5 valid', [16, 12, 12, 6], 16, 5, 1, 'valid'],
  ['convnet conv1 3x3 same', [8, 28, 28, 1], 32, 3, 1, 'same'],
  ['convnet conv2 3x3 same', [8, 14, 14, 32], 64, 3, 1, 'same'],
  ['3x3 same stride 2', [8, 14, 14, 8], 16, 3, 2, 'same'],
];

window.convGradCheck = async () => {
  await tf.setBackend('webgl');
  const cases = CASES.map(([name, shape, filters, kernel, stride, padding]) =>
    tf.tidy(() => {
      const x = tf.randomNormal(shape, 0, 1, 'float32', 1) as tf.Tensor4D;
      const out = tf.conv2d(x, tf.zeros([kernel, kernel, shape[3], filters]) as tf.Tensor4D, stride, padding);
      const dy = tf.randomNormal(out.shape, 0, 1, 'float32', 2) as tf.Tensor4D;
      const ours = conv2dFilterGrad(x, dy, kernel, stride, padding);
      const attrs = {
        strides: [stride, stride],
        pad: padding,
        dataFormat: 'NHWC',
        dimRoundingMode: undefined,
        filterShape: [kernel, kernel, shape[3], filters],
      };
      const theirs = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
      return { name, maxDiff: tf.max(tf.abs(tf.sub(ours, theirs))).dataSync()[0]!, scale: tf.max(tf.abs(theirs)).dataSync()[0]! };
    }),
  );
  return { backend: tf.getBackend(), cases };
};
