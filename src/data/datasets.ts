import type { DatasetId } from './datasetId';
import { FASHION_MNIST_DIR, FASHION_MNIST_FILES } from './fashionMnistFiles';
import { MNIST_DIR, MNIST_FILES, type MnistFileKey, type MnistFileSpec } from './mnistFiles';

export type { DatasetId } from './datasetId';

/** One dataset the app ships: where its four IDX files lie, their manifest, and what its labels mean. */
export interface DatasetSpec {
  id: DatasetId;
  /** Its name for people, e.g. "Fashion-MNIST". */
  title: string;
  /** Folder relative to the app's base URL, e.g. `data/fashion-mnist/`. */
  dir: string;
  files: Readonly<Record<MnistFileKey, MnistFileSpec>>;
  /** Sum of the four .gz sizes: what the download progress counts. */
  totalGzBytes: number;
  /** Label value → its name; index 0..9. */
  classNames: readonly string[];
  /** Who made it and under which licence, one line for the page's footer. */
  credit: string;
}

const total = (files: Readonly<Record<MnistFileKey, MnistFileSpec>>) => Object.values(files).reduce((sum, f) => sum + f.gzBytes, 0);

/** The datasets, by id. Both are 60,000 training and 10,000 test images of 28x28 grey pixels in 10 classes. */
export const DATASET_SPECS: Readonly<Record<DatasetId, DatasetSpec>> = {
  mnist: {
    id: 'mnist',
    title: 'MNIST',
    dir: MNIST_DIR,
    files: MNIST_FILES,
    totalGzBytes: total(MNIST_FILES),
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    credit: 'MNIST by Yann LeCun, Corinna Cortes and Christopher J. C. Burges, CC BY-SA 3.0.',
  },
  fashion: {
    id: 'fashion',
    title: 'Fashion-MNIST',
    dir: FASHION_MNIST_DIR,
    files: FASHION_MNIST_FILES,
    totalGzBytes: total(FASHION_MNIST_FILES),
    // Zalando's labels, in label order (github.com/zalandoresearch/fashion-mnist).
    classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
    credit: 'Fashion-MNIST by Han Xiao, Kashif Rasul and Roland Vollgraf (Zalando Research), MIT License, © 2017 Zalando SE.',
  },
};

/** The name of class `label` (0..9) in `dataset`: "7" for MNIST, "Sneaker" for Fashion-MNIST. */
export function className(dataset: DatasetId, label: number): string {
  return DATASET_SPECS[dataset].classNames[label] ?? String(label);
}
