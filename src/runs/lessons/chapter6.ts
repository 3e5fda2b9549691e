import type { Chapter } from './chapter';
import { presetForChapter } from './chapter';

/** The notebook's scaling pitfall, and the warning that catches it. */
export const chapter6: Chapter = {
  id: 'the-notebooks-mistake',
  title: 'The notebook’s mistake',
  paragraphs: [
    'The seed notebook scaled its pixels by dividing by 255, in a cell that ran twice on the training images and once on the test images. Its BatchNorm model (BatchNorm on the input and after each ReLU) then trained on pixels from 0 to 0.004 and was tested on pixels from 0 to 1, and its log shows a training accuracy near 0.98 beside a validation loss in the hundreds.',
    'Here that model trains as the notebook did, on 10,000 images for three epochs, beside a twin whose training and test pixels are both divided once. The page measures the pixels of every run and warns when its test images are scaled unlike its training images.',
  ],
  experiment: {
    summary: "the notebook's BatchNorm model trained on pixels divided by 255 twice and tested on pixels divided once, beside its correctly scaled twin",
    preset: presetForChapter('notebook-pitfall', { trainLimit: 10_000 }),
    landscape: false,
  },
  views: ['scalingNote', 'charts', 'results'],
  question: 'Training accuracy is high. Why is the validation loss of the first run so large, and why does BatchNorm not rescue it?',
  answer: [
    'BatchNorm in training mode normalises with the batch’s own statistics, so tiny training pixels look normal to it, and it learns moving averages for pixels around 0.001. At test time, inference mode uses those moving averages on pixels 258 times larger: every input is hundreds of standard deviations away, and the network is confidently wrong.',
    'On the full preset (50,000 images, 3 epochs) the validation loss is 53.8 after the first epoch and 103.8 after the third, with training accuracy 0.98; the twin scaled once throughout scores 0.9733. The fix is to scale training and test data the same way, which the warning on this page says in words.',
  ],
};
