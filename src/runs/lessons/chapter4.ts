import type { Chapter } from './chapter';
import { presetForChapter } from './chapter';

/** Sigmoids (and, to explore, a bad initialisation), with and without BatchNorm. */
export const chapter4: Chapter = {
  id: 'deep-and-badly-started',
  title: 'Deep and badly started networks',
  paragraphs: [
    'The BatchNorm paper’s own MNIST network has three hidden layers of 100 sigmoid units. A sigmoid is steep only near 0: where its input is far from 0 it is flat, and almost no gradient passes back through it. Stack three and the first layers hardly learn.',
    'Here that network trains with plain SGD at 0.1, batch 60, for 1,000 steps, with BatchNorm before each sigmoid and without, side by side. Watch the loss of the network without BatchNorm: 2.3 is ln 10, the loss of a network that guesses among ten classes.',
    'A bad start does the same: the preset “Bad weight initialisation” (explore freely to find it) multiplies the starting weights by 0.1 or 10.',
  ],
  experiment: {
    summary: 'three layers of 100 sigmoid units with and without BatchNorm, side by side, 1,000 steps',
    preset: presetForChapter('sigmoid-quick'),
    landscape: false,
  },
  views: ['charts', 'results', 'inside'],
  question: 'Why does the network without BatchNorm sit near a loss of 2.3 for so long, and what does BatchNorm change for the sigmoids?',
  answer: [
    'Without BatchNorm the sigmoids’ inputs drift away from 0 where the curve is flat, so the gradient that reaches the early layers is tiny and the network keeps guessing. BatchNorm re-centres every unit’s input on the batch before the sigmoid, where it is steep, so gradients pass and learning starts at once. Inside BatchNorm shows those inputs: spread around 0 with BatchNorm, wandering without.',
    'Measured here after the 1,000 steps: 0.9217 with BatchNorm and 0.4873 without. With a bad start (weights × 0.1, SGD 0.05, 10,000 images) the network without BatchNorm does not learn at all (0.11) and the one with it reaches 0.90.',
  ],
};
