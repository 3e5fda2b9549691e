import { withoutLayers } from '../engine/layers/edits';
import { defaultExperiment, type ModelConfig } from '../engine/config';
import type { Model } from '../engine/model';
import type { MlpInit } from './jaxMlp';

/** The bench's network: the tutorial's 784-128-64-10 MLP, with BatchNorm before each ReLU or without it. */
export function benchModelConfig(bn: boolean): ModelConfig {
  const model = defaultExperiment().model;
  return bn ? model : { ...model, layers: withoutLayers(model.layers, 'batchNorm') };
}

/** Our model's Dense weights as they are now (read back synchronously), for the jax-js arm to start from the same point. */
export function mlpInitOf(net: Model): MlpInit {
  const dense = net.layers
    .filter((l) => l.spec.kind === 'dense')
    .map((l) => {
      const [kernel, bias] = l.variables;
      const [inUnits, outUnits] = kernel!.shape as [number, number];
      return { kernel: new Float32Array(kernel!.dataSync()), bias: new Float32Array(bias!.dataSync()), inUnits, outUnits };
    });
  return { dense, bn: net.layers.some((l) => l.spec.kind === 'batchNorm') };
}
