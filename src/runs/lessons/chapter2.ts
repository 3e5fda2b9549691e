import type { Chapter } from './chapter';
import { presetForChapter } from './chapter';

/** The tutorial pair: the student predicts which curve wins. */
export const chapter2: Chapter = {
  id: 'with-and-without',
  title: 'With and without',
  paragraphs: [
    'The same network twice, from the same starting weights and the same batches in the same order: once with BatchNorm before each ReLU, once without. This is the seed tutorial’s network (784 → 128 → 64 → 10, Adam at 0.001, batch 32); the two train side by side, step by step.',
    'Before you press Run, predict: which loss falls faster in the first hundred steps, and which network ends the epoch with the higher validation accuracy? Write it down; the curves will tell.',
  ],
  experiment: {
    summary: 'the tutorial network with and without BatchNorm, side by side, one epoch on 10,000 images',
    preset: presetForChapter('tutorial-bn', { epochs: 1, trainLimit: 10_000 }),
    landscape: false,
  },
  views: ['charts', 'results', 'comparison'],
  question: 'Which curve won, and by how much after one epoch? Would ten epochs change the verdict?',
  answer: [
    'The network with BatchNorm gets ahead early. Measured here on these 10,000 images (WebAssembly, seed 42), one epoch ends at a validation accuracy of 0.9319 with BatchNorm and 0.9241 without.',
    'Over ten epochs on all 60,000 images the two end level (0.9784 with, 0.9785 without), but without BatchNorm the validation loss is lowest at epoch 3 and rises after it, while with BatchNorm it keeps falling. On this small network BatchNorm buys speed and steadiness more than a higher final score.',
  ],
};
