/**
 * Manifest of the four MNIST files shipped in `public/data/mnist/` and served
 * at `<base>data/mnist/<name>`. Both hashes are kept because a server may
 * strip the gzip layer (Content-Encoding) and hand us the decompressed file.
 */

export interface MnistFileSpec {
  /** File name as stored and served, e.g. `train-images-idx3-ubyte.gz`. */
  name: string;
  kind: 'images' | 'labels';
  /** Number of images or labels in the file. */
  count: number;
  /** Size of the .gz file in bytes (what the progress bar counts). */
  gzBytes: number;
  /** SHA-256 (lowercase hex) of the .gz file as stored. */
  sha256Gz: string;
  /** SHA-256 (lowercase hex) of the decompressed IDX file. */
  sha256Raw: string;
}

/** Path of the MNIST folder relative to the app's base URL. */
export const MNIST_DIR = 'data/mnist/';

/** MNIST images are 28x28 pixels. */
export const MNIST_SIDE = 28;
export const MNIST_PIXELS = MNIST_SIDE * MNIST_SIDE;

export const MNIST_FILES = {
  trainImages: {
    name: 'train-images-idx3-ubyte.gz',
    kind: 'images',
    count: 60000,
    gzBytes: 9912422,
    sha256Gz: '440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609',
    sha256Raw: 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
  },
  trainLabels: {
    name: 'train-labels-idx1-ubyte.gz',
    kind: 'labels',
    count: 60000,
    gzBytes: 28881,
    sha256Gz: '3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c',
    sha256Raw: '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
  },
  testImages: {
    name: 't10k-images-idx3-ubyte.gz',
    kind: 'images',
    count: 10000,
    gzBytes: 1648877,
    sha256Gz: '8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6',
    sha256Raw: '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
  },
  testLabels: {
    name: 't10k-labels-idx1-ubyte.gz',
    kind: 'labels',
    count: 10000,
    gzBytes: 4542,
    sha256Gz: 'f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6',
    sha256Raw: 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2',
  },
} as const satisfies Record<string, MnistFileSpec>;

export type MnistFileKey = keyof typeof MNIST_FILES;

/** Sum of the .gz sizes of all four files: 11,594,722 bytes. */
export const MNIST_TOTAL_GZ_BYTES = Object.values(MNIST_FILES).reduce((sum, f) => sum + f.gzBytes, 0);
