import COMMON from './python/common.py?raw';
import KERAS_TRAIN from './python/keras_train.py?raw';
import type { ExportSource } from './exportSource';
import { kerasLayer } from './kerasLayers';
import { pythonHeader, section } from './pythonHeader';
import { layerLines } from './pythonModel';

const modelSection = (source: ExportSource): string => `${section('The model: the layer list, one Keras layer per layer, on 28x28 images with one channel.')}

def build_model():
    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
${layerLines(source.config.model.layers, kerasLayer, 'the logits (the loss applies the softmax, as the playground does)')}
    ])
`;

/**
 * The experiment as one self-contained Keras 3 script: the playground's generator and data
 * reading written out in Python, and the settings and model of `source`. Keras' conventions are
 * the playground's, so it is the closest twin; dropout masks are Keras' own. Pure.
 */
export function kerasFile(source: ExportSource, fileName: string): string {
  const header = pythonHeader(source, {
    framework: 'Keras',
    fileName,
    needs: 'Python 3.9+, numpy, and Keras 3 with a backend (pip install keras tensorflow; JAX or PyTorch work too).',
    commands: ['python3 FILE --data DIR'],
    imports: ['import argparse, gzip, json, math, os, struct, sys, time', '', 'import keras', 'import numpy as np'],
  });
  return [header, COMMON, modelSection(source), KERAS_TRAIN].map((part) => part.trim()).join('\n\n\n') + '\n';
}
