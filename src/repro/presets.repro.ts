import { mkdirSync, writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { readMnistFromDisk } from '../data/testing/readMnistFromDisk';
import type { ExperimentConfig } from '../engine/config';
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
}

const OUT = new URL('../../bench-results/', import.meta.url);

async function train(config: ExperimentConfig, data: { train: ImageTensors; test: ImageTensors }): Promise<RunResult> {
  const epochs: EpochPoint[] = [];
  const name = runName(config);
  const outcome = await runExperiment(config, makeSplits(data.train, data.test, config.train), new RunControl(), {
    onSteps: () => {},
    onEpoch: (e) => {
      epochs.push(e);
      console.log(`  ${name}  epoch ${e.epoch}: val_accuracy ${e.accuracy.toFixed(4)}  val_loss ${e.loss.toFixed(4)}  (${(e.elapsedMs / 1000).toFixed(0)} s)`);
    },
    onLearningRate: () => {},
    onPaused: () => {},
    onResumed: () => {},
  });
  return { name, config, epochs, outcome };
}

/**
 * `PRESETS=tutorial-bn,lr-ladder npm run reproduce` (all presets when unset): trains each preset
 * in Node on the wasm backend as the app would (groups side by side, groups in turn), logging
 * validation accuracy per epoch and a `reproduce:` summary line per run; results go to
 * bench-results/reproduce-<id>.json.
 */
it('reproduces the presets', async () => {
  const ids = (process.env.PRESETS ?? '').split(',').filter(Boolean);
  await tf.setBackend('wasm');
  const mnist = await readMnistFromDisk();
  const data = { train: uploadImageSet(mnist.train), test: uploadImageSet(mnist.test) };
  mkdirSync(OUT, { recursive: true });
  try {
    for (const id of ids.length ? ids : PRESETS.map((p) => p.id)) {
      const preset = findPreset(id);
      if (!preset) throw new Error(`unknown preset "${id}"; known: ${PRESETS.map((p) => p.id).join(', ')}`);
      console.log(`\n${preset.title}`);
      const results: RunResult[] = [];
      for (const group of presetPlan(preset)) results.push(...(await Promise.all(group.map((c) => train(c, data)))));
      for (const r of results) {
        const last = r.epochs.at(-1);
        const o = r.outcome;
        const end = o.status === 'completed' ? `test_accuracy ${o.test.accuracy.toFixed(4)}` : o.status === 'diverged' ? `diverged at step ${o.step}` : o.status;
        console.log(`reproduce: ${id} | ${r.name} | final val_accuracy ${last ? last.accuracy.toFixed(4) : '—'} | ${end}`);
      }
      writeFileSync(new URL(`reproduce-${id}.json`, OUT), JSON.stringify(results, null, 1));
    }
  } finally {
    disposeImageTensors(data.train);
    disposeImageTensors(data.test);
  }
});
