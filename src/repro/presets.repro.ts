import { mkdirSync, writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import type { DatasetImages } from '../data/imageSet';
import { readDatasetFromDisk } from '../data/testing/readDatasetFromDisk';
import type { DatasetId } from '../data/datasetId';
import { splitsInputStats } from '../engine/inputStats';
import { normalisesInput } from '../engine/layers/blocks';
import { describeInputMismatch } from '../runs/inputMismatch';
import { datasetOf, type ExperimentConfig } from '../engine/config';
import { disposeImageTensors, makeSplits, uploadImageSet, type ImageTensors } from '../engine/dataTensors';
import { RunControl } from '../engine/runControl';
import { runExperiment, type EpochPoint, type TrainOutcome } from '../engine/train';
import { runName } from '../runs/runName';
import { findPreset, PRESETS, presetPlan } from '../runs/presets';
import { it } from 'vitest';

interface RunResult {
  name: string;
  config: ExperimentConfig;
  epochs: EpochPoint[];
  outcome: TrainOutcome;
  /** Mean per-step training accuracy over the last epoch trained (batch statistics, as Keras logs it). */
  lastEpochTrainAccuracy: number;
  /** The page's scaling warning for this run, or null. */
  scalingWarning: string | null;
}

const OUT = new URL('../../bench-results/', import.meta.url);

/** A dataset's bytes and its uploaded tensors. */
interface Loaded {
  images: DatasetImages;
  train: ImageTensors;
  test: ImageTensors;
}

async function train(config: ExperimentConfig, data: Loaded): Promise<RunResult> {
  const epochs: EpochPoint[] = [];
  const name = runName(config);
  const splits = makeSplits(data.train, data.test, config.train);
  const stats = splitsInputStats(splits, (s) => (s.source === data.train ? data.images.train : data.images.test));
  const scalingWarning = describeInputMismatch(stats, normalisesInput(config.model.layers));
  const accuracies: number[] = [];
  const outcome = await runExperiment(config, splits, new RunControl(), {
    onSteps: (p) => accuracies.push(...p.accuracy),
    onEpoch: (e) => {
      epochs.push(e);
      console.log(`  ${name}  epoch ${e.epoch}: val_accuracy ${e.accuracy.toFixed(4)}  val_loss ${e.loss.toFixed(4)}  (${(e.elapsedMs / 1000).toFixed(0)} s)`);
    },
    onLearningRate: () => {},
    onPaused: () => {},
    onResumed: () => {},
  });
  const lastEpoch = accuracies.slice(-Math.ceil(splits.train.count / config.train.batchSize));
  const lastEpochTrainAccuracy = lastEpoch.reduce((a, b) => a + b, 0) / Math.max(1, lastEpoch.length);
  return { name, config, epochs, outcome, lastEpochTrainAccuracy, scalingWarning };
}

/**
 * `PRESETS=tutorial-bn,lr-ladder npm run reproduce` (all presets when unset): trains each preset
 * in Node on the wasm backend, on the dataset its runs name, as the app would (groups side by
 * side, groups in turn), logging
 * validation accuracy per epoch and a `reproduce:` summary line per run; results go to
 * bench-results/reproduce-<id>.json.
 */
it('reproduces the presets', async () => {
  const ids = (process.env.PRESETS ?? '').split(',').filter(Boolean);
  await tf.setBackend('wasm');
  // Read and uploaded once per dataset, on first use.
  const loaded = new Map<DatasetId, Loaded>();
  const load = async (dataset: DatasetId): Promise<Loaded> => {
    const known = loaded.get(dataset);
    if (known) return known;
    const images = await readDatasetFromDisk(dataset);
    const data = { images, train: uploadImageSet(images.train), test: uploadImageSet(images.test) };
    loaded.set(dataset, data);
    return data;
  };
  mkdirSync(OUT, { recursive: true });
  try {
    for (const id of ids.length ? ids : PRESETS.map((p) => p.id)) {
      const preset = findPreset(id);
      if (!preset) throw new Error(`unknown preset "${id}"; known: ${PRESETS.map((p) => p.id).join(', ')}`);
      console.log(`\n${preset.title}`);
      const results: RunResult[] = [];
      for (const group of presetPlan(preset)) {
        const data = await Promise.all(group.map((c) => load(datasetOf(c))));
        results.push(...(await Promise.all(group.map((c, i) => train(c, data[i]!)))));
      }
      for (const r of results) {
        const last = r.epochs.at(-1);
        const o = r.outcome;
        const end =
          o.status === 'completed' ? `test_accuracy ${o.test.accuracy.toFixed(4)}` : o.status === 'diverged' ? `diverged at step ${o.step}` : o.status;
        const loss = last ? ` val_loss ${last.loss.toFixed(4)}` : '';
        console.log(
          `reproduce: ${id} | ${r.name} | final val_accuracy ${last ? last.accuracy.toFixed(4) : '—'}${loss} | train_accuracy (last epoch) ${r.lastEpochTrainAccuracy.toFixed(4)} | ${end}${r.scalingWarning ? ` | WARNING: ${r.scalingWarning}` : ''}`,
        );
      }
      writeFileSync(new URL(`reproduce-${id}.json`, OUT), JSON.stringify(results, null, 1));
    }
  } finally {
    for (const data of loaded.values()) {
      disposeImageTensors(data.train);
      disposeImageTensors(data.test);
    }
  }
});
