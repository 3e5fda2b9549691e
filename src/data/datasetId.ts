/** The data a run trains on: MNIST digits or Fashion-MNIST clothes (both 28x28 grey, 10 classes). */
export const DATASETS = ['mnist', 'fashion'] as const;
export type DatasetId = (typeof DATASETS)[number];
export const DEFAULT_DATASET: DatasetId = 'mnist';
