import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultExperiment, type ExperimentConfig } from '../engine/config';
import { runName } from '../runs/runName';
import { exportBaseName } from './exportName';
import type { ExportSource } from './exportSource';
import { kerasFile } from './kerasFile';
import { pytorchFile } from './pytorchFile';
import { CONVNET_LAYERS, EVERY_KIND_LAYERS, experimentOf, IMAGE_LAYERS, presetConfigs } from './testing/configs';
import { pythonSettings } from './testing/python';

const sourceOf = (config: ExperimentConfig, learningRateMarks: ExportSource['learningRateMarks'] = []): ExportSource => ({
  config,
  name: runName(config),
  learningRateMarks,
});
const everyKind = experimentOf(EVERY_KIND_LAYERS);
const images = experimentOf(IMAGE_LAYERS);
const convnet = experimentOf(CONVNET_LAYERS);
/** `build_model`'s body: the lines between its `def` and the next blank line. */
const modelOf = (file: string) => file.slice(file.indexOf('def build_model():'), file.indexOf('\n\n', file.indexOf('def build_model():')));

describe('exported files', () => {
  it('are named for what they hold', () => {
    expect(exportBaseName(defaultExperiment())).toBe('bn-128-64-bs32-lr1e-3');
    expect(exportBaseName(everyKind)).toMatch(/^[a-z0-9.+-]+$/);
  });

  it('compile (py_compile) and carry the experiment and its learning-rate changes, for every preset and every layer kind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bn-export-text-'));
    const sources = [...presetConfigs(), everyKind, images, convnet].map((c, i) => sourceOf(c, i === 0 ? [{ step: 120, learningRate: 3e-4 }] : []));
    const files = sources.flatMap((source, i) =>
      (['pytorch', 'keras'] as const).map((framework) => {
        const name = `run${i}.${framework}.py`;
        writeFileSync(join(dir, name), (framework === 'pytorch' ? pytorchFile : kerasFile)(source, name));
        return { name, source };
      }),
    );
    expect(sources.length).toBeGreaterThan(15);
    const settings = pythonSettings(
      dir,
      files.map((f) => f.name),
    );
    files.forEach(({ name, source }, i) => {
      expect(settings[i]!.EXPERIMENT, name).toEqual(JSON.parse(JSON.stringify(source.config)));
      expect(settings[i]!.RUN_NAME, name).toBe(source.name);
      expect(settings[i]!.LEARNING_RATE_CHANGES, name).toEqual(source.learningRateMarks.map((m) => [m.step, m.learningRate]));
    });
  });
});

describe('the PyTorch file converts each layer kind to PyTorch conventions, saying why', () => {
  const model = modelOf(pytorchFile(sourceOf(everyKind), 'x.py'));
  const imageModel = modelOf(pytorchFile(sourceOf(images), 'x.py'));
  const convnet = modelOf(pytorchFile(sourceOf(experimentOf(CONVNET_LAYERS)), 'x.py'));

  it('BatchNorm: momentum 1 − Keras momentum, eps given explicitly, 1d or 2d by input, the running variance explained', () => {
    expect(model).toContain('nn.BatchNorm2d(1, momentum=0.1, eps=0.0001),  # 0');
    expect(model).toContain('nn.BatchNorm1d(16, momentum=0.01, eps=0.001),  # 10');
    expect(model).toContain(
      "# BatchNorm momentum: Keras' 0.9 is the share the moving statistics keep; PyTorch's momentum is the share the new batch gets: 1 - 0.9 = 0.1.",
    );
    expect(model).toContain("# BatchNorm eps: PyTorch's default is 1e-5, Keras' 1e-3; this layer's, 0.0001, is given explicitly.");
    expect(model).toContain('unbiased batch variance');
    expect(model).toContain('model.eval() switches to the moving ones');
  });

  it('LayerNorm: eps given explicitly, over channels last on an image', () => {
    expect(model).toContain('nn.LayerNorm(32, eps=0.00001),  # 6');
    expect(convnet).toContain('ChannelsLastLayerNorm(16, eps=0.001),  # 8');
    expect(convnet).toContain('LayerNorm on an image');
  });

  it("Dense with Keras' initialisation, Flatten channels-last, dropout with the browser's masks, pools, activations, and the logits", () => {
    expect(model).toContain('nn.Linear(49, 32),  # 5');
    expect(model).toContain("# Linear: Keras' glorot-uniform kernel and zero bias, drawn by init_like_the_playground (PyTorch's default is kaiming-uniform).");
    expect(model).toContain('FlattenChannelsLast(),  # 4');
    expect(model).toContain('SeededDropout(0.25),  # 2');
    expect(model).toContain('SeededDropout(0.5),  # 8');
    expect(model).toContain('nn.MaxPool2d(2),  # 1');
    expect(model).toContain('nn.AvgPool2d(2),  # 3');
    expect(model).toContain('nn.Tanh(),  # 7');
    expect(model).toContain('nn.Sigmoid(),  # 11');
    expect(model).toContain('nn.Linear(16, 10),  # 12: the logits');
    expect(imageModel).toContain('GlobalAvgPool(),  # 1');
  });

  it("Conv2D: PyTorch's layout and channels, TensorFlow's 'same' padding at any stride; GroupNorm with eps given explicitly", () => {
    expect(convnet).toContain('nn.Conv2d(1, 8, 5, stride=1),  # 0');
    expect(convnet).toContain("# Conv2d padding='valid': no padding, PyTorch's default.");
    expect(convnet).toContain('SameConv2d(8, 16, 3, stride=2),  # 4');
    expect(convnet).toContain('SameConv2d pads as TensorFlow does (the odd pixel after)');
    expect(convnet).toContain("Keras' kernel [k, k, in, filters] is PyTorch's weight [filters, in, k, k]");
    expect(convnet).toContain('nn.GroupNorm(4, 16, eps=0.001),  # 5');
    expect(convnet).toContain('nn.BatchNorm2d(8, momentum=0.1, eps=0.001),  # 1');
    expect(convnet).toContain('FlattenChannelsLast(),  # 9');
    expect(imageModel).toContain('SameConv2d(1, 4, 3, stride=1),  # 0');
    expect(imageModel).toContain('nn.GroupNorm(2, 4, eps=0.00001),  # 2');
  });

  it('says each conversion once', () => {
    const notes = model.split('\n').filter((l) => l.trim().startsWith('#'));
    expect(new Set(notes).size).toBe(notes.length);
  });

  it("writes Adam as the playground's (Keras') formula, not torch.optim.Adam", () => {
    const file = pytorchFile(sourceOf(defaultExperiment()), 'x.py');
    expect(file).toContain('ADAM_BETA_1, ADAM_BETA_2, ADAM_EPSILON = 0.9, 0.999, 1e-7');
    expect(file).toContain('p.sub_((m * alpha) / (v.sqrt() + ADAM_EPSILON))');
    expect(file).not.toContain('torch.optim.Adam(');
  });
});

describe('the Keras file keeps the playground settings, which are Keras conventions', () => {
  const model = modelOf(kerasFile(sourceOf(everyKind), 'x.py'));

  it('every layer kind, with its settings unchanged', () => {
    expect(model).toContain('keras.Input(shape=(28, 28, 1)),');
    expect(model).toContain('keras.layers.BatchNormalization(momentum=0.9, epsilon=0.0001),  # 0');
    expect(model).toContain('keras.layers.BatchNormalization(momentum=0.99, epsilon=0.001),  # 10');
    expect(model).toContain('momentum and epsilon are Keras');
    expect(model).toContain('keras.layers.MaxPooling2D(2),  # 1');
    expect(model).toContain('keras.layers.Dropout(0.25),  # 2');
    expect(model).toContain('keras.layers.AveragePooling2D(2),  # 3');
    expect(model).toContain('keras.layers.Flatten(),  # 4');
    expect(model).toContain('keras.layers.Dense(32),  # 5');
    expect(model).toContain('keras.layers.LayerNormalization(epsilon=0.00001),  # 6');
    expect(model).toContain("keras.layers.Activation('tanh'),  # 7");
    expect(model).toContain("keras.layers.Activation('sigmoid'),  # 11");
    expect(model).toContain('keras.layers.Dense(10),  # 12: the logits');
    const image = modelOf(kerasFile(sourceOf(images), 'x.py'));
    expect(image).toContain("keras.layers.Conv2D(4, 3, strides=1, padding='same'),  # 0");
    expect(image).toContain('keras.layers.GlobalAveragePooling2D(),  # 1');
    expect(image).toContain('keras.layers.GroupNormalization(groups=2, epsilon=0.00001),  # 2');
    expect(modelOf(kerasFile(sourceOf(convnet), 'x.py'))).toContain("keras.layers.Conv2D(16, 3, strides=2, padding='same'),  # 4");
    expect(modelOf(kerasFile(sourceOf(defaultExperiment()), 'x.py'))).toContain('keras.layers.ReLU(),  # 3');
  });

  it("initialises with the playground's draw, trains with Keras' Adam arguments and a logits loss", () => {
    const file = kerasFile(sourceOf(defaultExperiment()), 'x.py');
    expect(file).toContain('glorot-uniform kernel and zero bias; init_like_the_playground then draws the kernel again');
    expect(file).toContain('keras.optimizers.Adam(learning_rate=lr, beta_1=0.9, beta_2=0.999, epsilon=1e-7)');
    expect(file).toContain('keras.optimizers.SGD(learning_rate=lr, momentum=0.9)');
    expect(file).toContain('keras.losses.SparseCategoricalCrossentropy(from_logits=True)');
    expect(file).toContain('model.reset_metrics()');
  });
});
