import type { Chapter } from './chapter';
import { presetForChapter } from './chapter';

/** Ioffe & Szegedy's answer against Santurkar et al.'s, measured live. */
export const chapter7: Chapter = {
  id: 'why-does-it-work',
  title: 'Why does it work?',
  paragraphs: [
    'Ioffe and Szegedy (2015) explained BatchNorm by internal covariate shift: as the early layers learn, the distribution of every later layer’s inputs keeps moving, and BatchNorm holds it still. Inside BatchNorm draws their Figure 1 for these runs: the 15th, 50th and 85th percentiles of a unit’s input over training.',
    'Santurkar, Tsipras, Ilyas and Mądry (NeurIPS 2018, “How Does Batch Normalization Help Optimization?”) tested that: they added random noise after every BatchNorm layer, so the distributions shifted more than without BatchNorm, and the network still trained as well. Their answer is that BatchNorm makes the loss landscape smoother: the gradient stays a good guide over longer steps.',
    'This experiment measures it as their Figure 4 does, for the tutorial network and its twin without BatchNorm. Every few hundred steps the page takes the gradient g on 64 training images, moves the weights to w − η·g for η = 0.4, 0.8 and 1.6 (without changing the run), and records the range of the loss over those points, the largest change of the gradient (gradient predictiveness) and the largest change of the gradient per unit moved (effective β-smoothness).',
  ],
  experiment: {
    summary: 'the tutorial network with and without BatchNorm, two epochs on all 60,000 images, measuring the loss landscape',
    preset: presetForChapter('tutorial-bn', { epochs: 2 }),
    landscape: true,
  },
  views: ['landscape', 'charts', 'inside'],
  question: 'Which run’s loss changes less when you step along its gradient? How does that explain chapter 3?',
  answer: [
    'The run with BatchNorm: after the first steps its loss range, its gradient change and its β-smoothness stay several times smaller than its twin’s (the caption under the plots gives this class’s medians). Along its gradient the loss keeps falling even at the longest step, while without BatchNorm the longest step overshoots: it lands higher than a shorter one.',
    'A smoother landscape means the gradient predicts what a step will do, so larger steps are safe: the learning rates of 0.1 that broke the network without BatchNorm in chapter 3. Santurkar et al. found the same on deep convolutional networks for CIFAR-10, and proved that BatchNorm bounds how fast the loss and its gradient can change. The distributions do move with BatchNorm too; stillness is not what it buys.',
  ],
};
