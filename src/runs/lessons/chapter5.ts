import { ladderRun } from '../robustnessPresets';
import type { Chapter } from './chapter';

const [batchNorm, layerNorm] = [ladderRun(4, 'batch'), ladderRun(4, 'layer')];

/** Batch statistics against moving statistics: small batches, a batch of one digit, LayerNorm as the cure. */
export const chapter5: Chapter = {
  id: 'training-and-inference-mode',
  title: 'Training mode and inference mode',
  paragraphs: [
    'In training, BatchNorm normalises each unit with the statistics of the batch in hand. At inference there may be no batch (one photo on a phone) or an odd one, so it uses moving averages gathered during training instead. The two agree when batches are large and typical.',
    'Here the tutorial network trains with batches of only 4 images: once with BatchNorm, once with LayerNorm in its place, which normalises each image over its own units, so it has no batch statistics and computes the same thing in both modes. Both train for one epoch on 4,000 images.',
    'When they finish, Inside BatchNorm shows the BatchNorm run: its accuracy in training mode against inference mode, and under “Try it”, the same weights scored on a batch of only 7s in both modes.',
  ],
  experiment: {
    summary: 'the tutorial network at batch 4 with BatchNorm and with LayerNorm, side by side',
    preset: {
      id: 'lesson-batch-four',
      title: 'Batch 4: BatchNorm against LayerNorm',
      description: 'The tutorial network at batch 4, with BatchNorm (momentum 0.9) and with LayerNorm in the same places, one epoch on 4,000 images.',
      base: batchNorm,
      comparison: null,
      plan: [[batchNorm, layerNorm]],
    },
    landscape: false,
  },
  views: ['charts', 'results', 'inside'],
  question:
    'Why does BatchNorm’s validation accuracy (inference mode) trail what it scores in training mode at batch 4, while LayerNorm’s does not? And why does a batch of only 7s fail in training mode?',
  answer: [
    'At batch 4 each training step normalises every unit over just four images, so the statistics the network learned to work with are noisy batch statistics; the moving averages used at inference are not what it trained on. Measured here (2,048 test images): at batch 4 BatchNorm’s two modes differ by 0.121 in accuracy, at batch 256 by 0.0005, and LayerNorm’s by exactly 0. After one epoch, BatchNorm reaches 0.87 and LayerNorm 0.92.',
    'In a batch of only 7s, training mode subtracts the batch’s mean, which is the average 7: what makes a 7 a 7 is removed, and the scores collapse; inference mode scores each image alone. Dropout before BatchNorm breaks the modes another way (the preset “Dropout before BatchNorm”): inference feeds the second BatchNorm 0.74 times the variance it learned.',
  ],
};
