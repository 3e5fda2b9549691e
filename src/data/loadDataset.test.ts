import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { className, DATASET_SPECS } from './datasets';
import { FASHION_MNIST_FILES } from './fashionMnistFiles';
import type { ImageSet } from './imageSet';
import { loadDataset, type LoadProgress } from './loadDataset';
import { useLocalServer } from './testing/localServer';
import { PUBLIC_DIR } from './testing/readDatasetFromDisk';

/** Serves `public/` at `/app/`, except one file that may be replaced by corrupt bytes. */
let corrupt: string | null = null;

const server = useLocalServer((req, res) => {
  const path = req.url?.startsWith('/app/') ? req.url.slice('/app/'.length) : '';
  if (!/^data\/[a-z-]+\/[a-z0-9-]+\.gz$/.test(path)) {
    res.writeHead(404, 'Not Found').end();
    return;
  }
  readFile(new URL(path, PUBLIC_DIR)).then(
    (bytes) => {
      if (path === corrupt) bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0xff;
      res.writeHead(200, { 'Content-Type': 'application/gzip' }).end(bytes);
    },
    () => res.writeHead(404, 'Not Found').end(),
  );
});

const labelCounts = (set: ImageSet) => {
  const counts = new Array<number>(10).fill(0);
  for (const label of set.labels) counts[label]! += 1;
  return counts;
};

describe('Fashion-MNIST', () => {
  it('ships the files its SHA256SUMS names, with the manifest hashes', async () => {
    const sums = await readFile(new URL('data/fashion-mnist/SHA256SUMS', PUBLIC_DIR), 'utf8');
    const listed = Object.fromEntries(
      sums
        .trim()
        .split('\n')
        .map((line) => line.split(/\s+/).reverse()),
    );
    expect(Object.fromEntries(Object.values(FASHION_MNIST_FILES).map((f) => [f.name, f.sha256Gz]))).toEqual(listed);
  });

  it('loads from data/fashion-mnist/, verified, with 1,000 test and 6,000 training images per class', async () => {
    const progress: LoadProgress[] = [];
    const data = await loadDataset('fashion', server.baseUrl, (p) => progress.push(p));
    expect(data.train.count).toBe(60000);
    expect(data.test.count).toBe(10000);
    expect(labelCounts(data.train)).toEqual(new Array(10).fill(6000));
    expect(labelCounts(data.test)).toEqual(new Array(10).fill(1000));
    expect(progress.at(-1)).toEqual({ loadedBytes: DATASET_SPECS.fashion.totalGzBytes, totalBytes: DATASET_SPECS.fashion.totalGzBytes });
    // Published pixel statistics of the training images, scaled to [0, 1]: mean 0.2860.
    let sum = 0;
    for (const p of data.train.pixels) sum += p;
    expect(sum / data.train.pixels.length / 255).toBeCloseTo(0.286, 3);
    // Not MNIST: its first training label is 5, Fashion-MNIST's is 9 (an ankle boot).
    expect(data.train.labels[0]).toBe(9);
    expect(className('fashion', data.train.labels[0]!)).toBe('Ankle boot');
  });

  it('refuses a corrupt file, naming it', async () => {
    corrupt = 'data/fashion-mnist/t10k-labels-idx1-ubyte.gz';
    try {
      await expect(loadDataset('fashion', server.baseUrl, () => undefined)).rejects.toMatchObject({
        code: 'checksum',
        file: 't10k-labels-idx1-ubyte.gz',
        message: expect.stringMatching(/^t10k-labels-idx1-ubyte\.gz: checksum mismatch .*corrupt/),
      });
    } finally {
      corrupt = null;
    }
  });

  it('names its ten classes; MNIST classes are the digits', () => {
    expect(DATASET_SPECS.fashion.classNames).toEqual([
      'T-shirt/top',
      'Trouser',
      'Pullover',
      'Dress',
      'Coat',
      'Sandal',
      'Shirt',
      'Sneaker',
      'Bag',
      'Ankle boot',
    ]);
    expect(className('mnist', 7)).toBe('7');
    expect(className('fashion', 7)).toBe('Sneaker');
  });
});
