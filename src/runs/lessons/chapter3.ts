import type { Chapter } from './chapter';
import { presetForChapter } from './chapter';

/** The learning-rate ladder: where does each network diverge? */
export const chapter3: Chapter = {
  id: 'higher-learning-rates',
  title: 'Higher learning rates',
  paragraphs: [
    'A larger learning rate takes larger steps, so training could be faster, until the steps overshoot and the loss explodes. Ioffe and Szegedy claimed that BatchNorm lets a network train with much higher learning rates.',
    'The ladder trains the tutorial network at five learning rates, 0.0001 to 1, each with and without BatchNorm as a pair, one epoch on 10,000 images. A run whose loss becomes NaN or explodes is marked diverged on the charts.',
  ],
  experiment: {
    summary: 'the tutorial network at learning rates 1e-4 to 1, each with and without BatchNorm, one pair after another',
    preset: presetForChapter('lr-ladder'),
    landscape: false,
  },
  views: ['charts', 'results'],
  question: 'At which learning rate does each network stop learning? What does that say about the step sizes BatchNorm allows?',
  answer: [
    'Measured here (WebAssembly, seed 42): at 0.0001 both are slow (0.83 and 0.83), at 0.001 and 0.01 both learn (0.93/0.92 and 0.92/0.92, with BatchNorm first). At 0.1 the network without BatchNorm ends at 0.20 while the one with it still reaches 0.89; at 1 the network without BatchNorm diverges at step 11, and the one with BatchNorm stays finite, though it no longer learns (0.09).',
    'BatchNorm widens the range of learning rates that work by about a factor of ten here. Chapter 7 measures why: the loss changes more predictably along the gradient, so a long step lands where the gradient said it would.',
  ],
};
