import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { APP_DIST, APP_MAPS, BENCH_DIST, REPO } from './paths';

/** Builds the bench page into bench-results/dist, the app into bench-results/app-dist, and the app with source maps into bench-results/app-maps. */
export async function buildBundles(): Promise<void> {
  // Vite's module runner, which loads this file, sets NODE_ENV=development, and Vite builds what
  // NODE_ENV says: without this the app is measured with React's development build (4× the main-thread work).
  process.env.NODE_ENV = 'production';
  await build({
    configFile: false,
    root: fileURLToPath(new URL('.', import.meta.url)),
    base: './',
    // The MNIST files, served beside the page as the app serves them.
    publicDir: join(REPO, 'public'),
    logLevel: 'warn',
    worker: { format: 'es' },
    build: { outDir: BENCH_DIST, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 5000 },
  });
  await build({ root: REPO, logLevel: 'warn', build: { outDir: APP_DIST, emptyOutDir: true } });
  // Not served: the maps of the same code, for naming functions in long frames. Kept apart so the
  // measured site (and its service worker's list of files) is the one `npm run build` makes.
  await build({ root: REPO, logLevel: 'warn', build: { outDir: APP_MAPS, emptyOutDir: true, sourcemap: 'hidden' } });
}

/** The main-thread bundle, gzipped, and whether tfjs leaked into it (its env flag names are the tell). */
export function bundleFacts() {
  const assets = join(APP_DIST, 'assets');
  const files = readdirSync(assets);
  const main = files.find((f) => /^index-.*\.js$/.test(f));
  const worker = files.find((f) => /worker.*\.js$/.test(f));
  if (!main || !worker) throw new Error(`no index-*.js / worker bundle in ${assets}`);
  const markers = ['WEBGL_VERSION', 'IS_BROWSER', 'WASM_HAS_SIMD_SUPPORT'];
  const text = readFileSync(join(assets, main), 'utf8');
  const workerText = readFileSync(join(assets, worker), 'utf8');
  return {
    file: main,
    gzipBytes: gzipSync(text).length,
    tfjsInMain: markers.filter((m) => text.includes(m)),
    // If the worker lacked them too, the check itself would be broken.
    markersSeenInWorker: markers.every((m) => workerText.includes(m)),
  };
}

export type BundleFacts = ReturnType<typeof bundleFacts>;
