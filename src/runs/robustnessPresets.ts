import { defaultExperiment, type ExperimentConfig } from '../engine/config';
import { withNormalization } from '../engine/layers/edits';
import { mlpModel } from '../engine/mlpForm';
import type { RunPlan } from './comparison';
import { withBatchNorm } from './comparison';
import type { Preset } from './presets';

/**
 * Presets about what BatchNorm is robust to, and what it is not: the notebook's scaling pitfall,
 * a bad weight initialisation, sigmoid activations, small batches (with LayerNorm beside BN), and
 * dropout before BatchNorm (the variance shift).
 * Each names what to look for. `notebookBn` is the notebook's BN model (from presets.ts, passed in
 * so the two files do not import each other).
 */
export function robustnessPresets(notebookBn: ExperimentConfig): Preset[] {
  return [notebookPitfall(notebookBn), initScales(), sigmoidQuick(), batchLadder(), dropoutShift()];
}

const copy = (c: ExperimentConfig): ExperimentConfig => structuredClone(c);

/** The notebook's BN model on its training images divided by 255 twice, evaluated on images divided once; and its twin with both divided once. */
export function notebookPitfallRuns(notebookBn: ExperimentConfig): [ExperimentConfig, ExperimentConfig] {
  const pitfall = copy(notebookBn);
  pitfall.train = { ...pitfall.train, epochs: 3, trainScale: 'div255twice', evalScale: 'div255' };
  const twin = copy(notebookBn);
  twin.train = { ...twin.train, epochs: 3 };
  return [pitfall, twin];
}

function notebookPitfall(notebookBn: ExperimentConfig): Preset {
  const [pitfall, twin] = notebookPitfallRuns(notebookBn);
  return {
    id: 'notebook-pitfall',
    title: 'Notebook pitfall: test images scaled differently',
    description:
      "The notebook's BN model (BN on the input and after each ReLU, batch 64, 50,000 images, 3 epochs) trained on pixels divided by 255 twice (0–0.004) but tested on pixels divided once (0–1), as its data cell did when run twice. Look for: training accuracy above 0.97 while the validation loss climbs into the tens or hundreds, and a warning that the test images are ~260× brighter. Its twin scales both once and scores about 0.98.",
    base: pitfall,
    comparison: null,
    plan: [[pitfall, twin]],
  };
}

/** The tutorial network at weight init scales 0.1, 1 and 10, each with and without BN, trained as pairs. */
function initScales(): Preset {
  const base = defaultExperiment();
  base.train = { ...base.train, epochs: 1, trainLimit: 10_000, optimizer: 'sgd', learningRate: 0.05 };
  const plan: RunPlan = [0.1, 1, 10].map((initScale) => {
    const c = copy(base);
    c.model.initScale = initScale;
    return [withBatchNorm(c, true), withBatchNorm(c, false)];
  });
  return {
    id: 'init-scale',
    title: 'Bad weight initialisation: ×0.1 and ×10, with and without BN',
    description:
      "The tutorial network with its random starting weights multiplied by 0.1, 1 and 10, each with and without BN (trained as a pair), plain SGD 0.05, 1 epoch on 10,000 images. Look for: without BN, ×0.1 does not learn at all (the loss stays at 2.3, guessing) and ×10 starts with a huge loss and learns badly; with BN, ×0.1 learns almost as well as ×1, and ×10 still learns, though less well: BN resets the hidden layers' scale, but not the output layer's.",
    base: plan[0]![0]!,
    comparison: null,
    plan,
  };
}

/** Three layers of 100 sigmoid units, with and without BN: the BatchNorm paper's network, short. */
function sigmoidQuick(): Preset {
  const base = defaultExperiment();
  base.model = mlpModel({
    inputBatchNorm: false,
    activation: 'sigmoid',
    hidden: [1, 2, 3].map(() => ({ units: 100, batchNorm: true, bnPosition: 'before' as const })),
  });
  // All 60,000 images: 1,000 steps, enough for BN's moving statistics (1% per step) to settle.
  base.train = { ...base.train, batchSize: 60, optimizer: 'sgd', learningRate: 0.1, epochs: 1 };
  return {
    id: 'sigmoid-quick',
    title: 'Sigmoid activations, with and without BN (quick)',
    description:
      "The BatchNorm paper's 3 × 100 sigmoid network, SGD 0.1, batch 60, 1 epoch (1,000 steps), with and without BN side by side. Look for: without BN the loss sits near 2.3 (guessing) for hundreds of steps, because stacked sigmoids pass back only tiny gradients; with BN it falls from the start.",
    base,
    comparison: { variation: { setting: 'batchNorm', values: [true, false] }, schedule: 'together', alsoWithoutBn: false },
    plan: null,
  };
}

/** Batch sizes for the ladder: from 2 (BatchNorm's statistics from two images) to 256. */
export const LADDER_BATCH_SIZES = [2, 4, 8, 16, 64, 256] as const;

/**
 * BatchNorm momentum in the ladder: PyTorch's (0.1 there, 0.9 here) rather than Keras' 0.99, so the
 * moving statistics settle within the 16 steps of batch 256 and the ladder shows batch size alone.
 */
export const LADDER_BN_MOMENTUM = 0.9;

/** The tutorial network at `batchSize` with BatchNorm, or with LayerNorm in the same places. */
export function ladderRun(batchSize: number, norm: 'batch' | 'layer'): ExperimentConfig {
  const c = defaultExperiment();
  c.model.layers =
    norm === 'batch' ? withNormalization(c.model.layers, 'batchNorm', { momentum: LADDER_BN_MOMENTUM }) : withNormalization(c.model.layers, 'layerNorm');
  c.train = { ...c.train, batchSize, epochs: 1, trainLimit: 4_000 };
  return c;
}

function batchLadder(): Preset {
  const plan: RunPlan = LADDER_BATCH_SIZES.map((bs) => [ladderRun(bs, 'batch'), ladderRun(bs, 'layer')]);
  return {
    id: 'batch-ladder-ln',
    title: 'Small batches: BatchNorm against LayerNorm, batch 2 to 256',
    description:
      "The tutorial network at batch sizes 2, 4, 8, 16, 64 and 256, once with BatchNorm (momentum 0.9, so its moving statistics keep up at batch 256) and once with LayerNorm in its place (trained as a pair), 1 epoch on the same 4,000 images. Look for: at small batches BatchNorm's training accuracy (each batch normalised by its own 2 or 4 images) and its validation accuracy (moving statistics) drift apart and its validation accuracy drops; LayerNorm normalises each image on its own, so both modes agree and batch 2 trains as well as batch 16.",
    base: plan[0]![0]!,
    comparison: null,
    plan,
  };
}

/**
 * The tutorial network with dropout 0.5 after its first hidden layer (so before the second
 * layer's BatchNorm), or after its last (after every BatchNorm): Li et al. (CVPR 2019), "Understanding
 * the Disharmony between Dropout and Batch Normalization by Variance Shift".
 */
export function dropoutShiftRuns(): [ExperimentConfig, ExperimentConfig] {
  const run = (where: 0 | 1): ExperimentConfig => {
    const c = defaultExperiment();
    c.model = mlpModel({
      inputBatchNorm: false,
      activation: 'relu',
      hidden: [128, 64].map((units, i) => ({ units, batchNorm: true, bnPosition: 'before' as const, ...(i === where ? { dropout: 0.5 } : {}) })),
    });
    c.train = { ...c.train, epochs: 2, trainLimit: 10_000 };
    return c;
  };
  return [run(0), run(1)];
}

function dropoutShift(): Preset {
  const [before, after] = dropoutShiftRuns();
  return {
    id: 'dropout-variance-shift',
    title: 'Dropout before BatchNorm: the variance shift',
    description:
      "The tutorial network with dropout 0.5 after its first hidden layer, so before the second layer's BatchNorm, against the same dropout after the last BatchNorm (trained as a pair, 2 epochs on 10,000 images). With dropout on, BatchNorm learns moving statistics of dropped-out inputs; in inference dropout is off and the variance it sees is not the one it learned (Li et al., 2019). Look for: in Inside BatchNorm, the moving variance of the second layer against what inference feeds it, and a larger gap between training-mode and inference-mode accuracy in the first run.",
    base: before,
    comparison: null,
    plan: [[before, after]],
  };
}
