import { defaultExperiment } from '../../engine/config';
import type { Chapter } from './chapter';

const tutorial = defaultExperiment();

/** The formulas, worked through on eight real images for one unit of the tutorial network. */
export const chapter1: Chapter = {
  id: 'what-batchnorm-computes',
  title: 'What BatchNorm computes',
  paragraphs: [
    'A BatchNorm layer sits between a layer’s weighted sums and its activation. For each unit it looks at the values the whole batch produced, gives them mean 0 and variance 1, and then lets the network choose their scale γ and shift β.',
    'The table works this through on real numbers: one unit of the tutorial network’s first hidden layer (128 units, BatchNorm before ReLU) on a batch of eight test images. Each image gives the unit an input x. The batch mean is μ = (x₁ + … + x₈) / 8, the batch variance σ² = ((x₁ − μ)² + … + (x₈ − μ)²) / 8; each input becomes x̂ = (x − μ) / √(σ² + ε), with Keras’ ε = 0.001, and leaves as y = γ·x̂ + β. The last column is what the network itself computed for the same images.',
    'Change any x, or γ, β or ε, and watch μ, σ², every x̂ and every y move: in training mode each image’s output depends on the rest of its batch. Below it, the same images in inference mode use the moving averages gathered during training instead, which no batch changes. Run the experiment to see the numbers of a trained network, whose γ, β and moving averages have learned.',
  ],
  experiment: {
    summary: 'the tutorial network with BatchNorm, one epoch on 6,400 images',
    preset: {
      id: 'lesson-worked-example',
      title: 'The tutorial network with BatchNorm',
      description: '784-128-64-10, BatchNorm before each ReLU, batch 32, Adam 1e-3, one epoch on 6,400 images (200 steps).',
      base: { ...tutorial, train: { ...tutorial.train, epochs: 1, trainLimit: 6_400 } },
      comparison: null,
      plan: null,
    },
    landscape: false,
  },
  views: ['workedExample', 'charts'],
  question: 'Add 10 to every x in the batch (or double every x). What happens to x̂ and y in training mode, and in inference mode? Try it in the table.',
  answer: [
    'In training mode nothing changes. Adding 10 to every x adds 10 to μ, so every x − μ, every x̂ and every y stay as they were; doubling every x doubles every x − μ and √σ², so x̂ and y stay (almost: ε is not doubled). BatchNorm undoes any shift or scale the whole batch shares.',
    'In inference mode μ and σ² are the moving averages, fixed after training, so every x̂ moves by 10 / √(σ² + ε) and y with it: the network sees the change. That is why the two modes can disagree, which chapter 5 takes further.',
  ],
};
