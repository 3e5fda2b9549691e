import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataError } from './dataError';
import { loadMnist, type ImageSet, type LoadProgress } from './loadDataset';
import { MNIST_FILES, MNIST_TOTAL_GZ_BYTES } from './mnistFiles';
import { useLocalServer } from './testing/localServer';
import { MNIST_DISK_DIR } from './testing/readMnistFromDisk';

/**
 * How the test server answers `/app/data/mnist/<name>`:
 * - `gz`: the .gz file as is (a plain static host).
 * - `decoded`: the decompressed bytes (a host that already removed the gzip layer).
 * - `content-encoding`: the .gz with `Content-Encoding: gzip`, so fetch decodes it.
 * `broken` overrides one file with a 404 or a truncated .gz.
 */
interface Serving {
  mode: 'gz' | 'decoded' | 'content-encoding';
  broken?: { name: string; as: '404' | 'truncated' };
}

const gzFiles = new Map<string, Buffer>();
let serving: Serving = { mode: 'gz' };

beforeAll(async () => {
  for (const spec of Object.values(MNIST_FILES)) {
    gzFiles.set(spec.name, await readFile(new URL(spec.name, MNIST_DISK_DIR)));
  }
});

const server = useLocalServer((req, res) => {
  const name = req.url?.startsWith('/app/data/mnist/') ? req.url.slice('/app/data/mnist/'.length) : '';
  const gz = gzFiles.get(name);
  if (gz === undefined || (serving.broken?.name === name && serving.broken.as === '404')) {
    res.writeHead(404, 'Not Found').end();
    return;
  }
  if (serving.broken?.name === name) {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(gz.subarray(0, gz.length >> 1));
  } else if (serving.mode === 'decoded') {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(gunzipSync(gz));
  } else if (serving.mode === 'content-encoding') {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Encoding': 'gzip' }).end(gz);
  } else {
    res.writeHead(200, { 'Content-Type': 'application/gzip' }).end(gz);
  }
});

function labelCounts(set: ImageSet): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of set.labels) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}

async function loadWithProgress(s: Serving): Promise<{ progress: LoadProgress[]; result: Promise<unknown> }> {
  serving = s;
  const progress: LoadProgress[] = [];
  const result = loadMnist(server.baseUrl, (p) => progress.push(p));
  await result.catch(() => undefined);
  return { progress, result };
}

describe('loadMnist', () => {
  it.each(['gz', 'decoded', 'content-encoding'] as const)('loads real MNIST served as %s', async (mode) => {
    serving = { mode };
    const progress: LoadProgress[] = [];
    const mnist = await loadMnist(server.baseUrl, (p) => progress.push(p));

    expect(mnist.train.count).toBe(60000);
    expect(mnist.train.pixels.length).toBe(60000 * 784);
    expect(mnist.train.labels.length).toBe(60000);
    expect(mnist.test.count).toBe(10000);
    expect(mnist.test.pixels.length).toBe(10000 * 784);
    expect(Array.from(mnist.train.labels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
    expect(labelCounts(mnist.train)).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(labelCounts(mnist.test).reduce((a, b) => a + b)).toBe(10000);
    // The first training image (a 5) has ink, with a max of 255.
    expect(Math.max(...mnist.train.pixels.subarray(0, 784))).toBe(255);

    expect(progress.length).toBeGreaterThan(4);
    expect(progress.every((p) => p.totalBytes === MNIST_TOTAL_GZ_BYTES)).toBe(true);
    expect(progress.every((p, i) => i === 0 || p.loadedBytes > (progress[i - 1]?.loadedBytes ?? 0))).toBe(true);
    expect(progress.at(-1)?.loadedBytes).toBe(MNIST_TOTAL_GZ_BYTES);
  });

  it('reports a missing file as DataError http', async () => {
    const { result } = await loadWithProgress({ mode: 'gz', broken: { name: MNIST_FILES.testLabels.name, as: '404' } });
    await expect(result).rejects.toBeInstanceOf(DataError);
    await expect(result).rejects.toMatchObject({
      code: 'http',
      file: 't10k-labels-idx1-ubyte.gz',
      message: 't10k-labels-idx1-ubyte.gz: HTTP 404 Not Found. The data file is missing from this site.',
    });
  });

  it('reports a truncated gzip file as DataError checksum', async () => {
    const { result } = await loadWithProgress({
      mode: 'gz',
      broken: { name: MNIST_FILES.trainLabels.name, as: 'truncated' },
    });
    await expect(result).rejects.toMatchObject({
      code: expect.stringMatching(/^(checksum|gzip)$/),
      file: 'train-labels-idx1-ubyte.gz',
    });
  });

  it('reports an unreachable server as DataError network', async () => {
    await expect(loadMnist('http://127.0.0.1:1/', () => undefined)).rejects.toMatchObject({ code: 'network' });
  });

  it('rejects with the abort reason when aborted', async () => {
    serving = { mode: 'gz' };
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    const result = loadMnist(server.baseUrl, () => controller.abort(reason), controller.signal);
    await expect(result).rejects.toBe(reason);
  });
});
