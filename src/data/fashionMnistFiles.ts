import type { MnistFileKey, MnistFileSpec } from './mnistFiles';

/**
 * Manifest of the four Fashion-MNIST files shipped in `public/data/fashion-mnist/` and served at
 * `<base>data/fashion-mnist/<name>`: the same names, counts and 28x28 format as MNIST, other bytes.
 * Hashes from `public/data/fashion-mnist/SHA256SUMS` (gz) and of the decompressed files (raw).
 */
export const FASHION_MNIST_DIR = 'data/fashion-mnist/';

export const FASHION_MNIST_FILES = {
  trainImages: {
    name: 'train-images-idx3-ubyte.gz',
    kind: 'images',
    count: 60000,
    gzBytes: 26421880,
    sha256Gz: '3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84',
    sha256Raw: 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
  },
  trainLabels: {
    name: 'train-labels-idx1-ubyte.gz',
    kind: 'labels',
    count: 60000,
    gzBytes: 29515,
    sha256Gz: 'a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845',
    sha256Raw: 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
  },
  testImages: {
    name: 't10k-images-idx3-ubyte.gz',
    kind: 'images',
    count: 10000,
    gzBytes: 4422102,
    sha256Gz: '346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073',
    sha256Raw: '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
  },
  testLabels: {
    name: 't10k-labels-idx1-ubyte.gz',
    kind: 'labels',
    count: 10000,
    gzBytes: 5148,
    sha256Gz: '67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5',
    sha256Raw: '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
  },
} as const satisfies Record<MnistFileKey, MnistFileSpec>;
