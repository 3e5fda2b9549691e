import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import react from '@vitejs/plugin-react';
import { build, type Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import type { PrecacheManifest } from './src/sw/precache';

/**
 * The built page may load and connect only to its own origin; wasm needs 'wasm-unsafe-eval'.
 * Build only: the dev server injects inline scripts for hot reload.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }],
  };
}

// Offline use: sw.js, built from src/sw/sw.ts, caches every file of the built site.
const SW_ENTRY = resolve(import.meta.dirname, 'src/sw/sw.ts');
const SW_FILE = 'sw.js';

/**
 * Files the service worker caches only once used: Fashion-MNIST (31 MB) is a choice few visits
 * make, and would triple what the first visit downloads for offline use (15 MB with MNIST alone).
 */
export const LAZY_PREFIXES: readonly string[] = ['data/fashion-mnist/'];

/** Whether the built file at `path` (relative to the site root) is cached on first use rather than at install. */
export const isLazyPath = (path: string): boolean => LAZY_PREFIXES.some((prefix) => path.startsWith(prefix));

const hash = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex').slice(0, 16);

/**
 * The manifest of a built site: every file with a content hash and size, sorted by path; files
 * under LAZY_PREFIXES (Fashion-MNIST) marked `lazy`. `version` hashes the whole list, so it
 * changes when any file does.
 */
export function createPrecacheManifest(files: readonly { path: string; bytes: Uint8Array }[]): PrecacheManifest {
  const entries = files
    .map(({ path, bytes }) => ({ url: path, revision: hash(bytes), size: bytes.byteLength, ...(isLazyPath(path) ? { lazy: true } : {}) }))
    .sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  return { version: hash(entries.map((e) => `${e.url} ${e.revision}`).join('\n')), entries };
}

/** Paths of all files under `dir`, relative and with `/` separators. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

/**
 * Writes `<dir>/sw.js`: `sw.ts` bundled as a classic script (no imports, so every browser with
 * service workers runs it), with the manifest of every other file in `dir` built in.
 * Returns that manifest.
 */
export async function writeServiceWorker(dir: string): Promise<PrecacheManifest> {
  const files = listFiles(dir).filter((path) => path !== SW_FILE);
  const manifest = createPrecacheManifest(files.map((path) => ({ path, bytes: readFileSync(join(dir, path)) })));
  const output = await build({
    configFile: false,
    envDir: false,
    publicDir: false,
    logLevel: 'warn',
    define: { __PRECACHE_MANIFEST__: JSON.stringify(manifest) },
    build: {
      write: false,
      target: 'es2022',
      minify: false,
      copyPublicDir: false,
      rolldownOptions: { input: SW_ENTRY, output: { format: 'iife', entryFileNames: SW_FILE } },
    },
  });
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) => ('output' in o ? o.output : []));
  const chunk = chunks.find((c) => c.type === 'chunk' && c.isEntry);
  if (chunks.length !== 1 || chunk?.type !== 'chunk') throw new Error(`${SW_ENTRY} should bundle into one script, got ${chunks.length} files`);
  writeFileSync(join(dir, SW_FILE), chunk.code);
  return manifest;
}

/**
 * Build only: after the site is written, adds `sw.js` listing every file in the output folder
 * (public files such as the MNIST data included). `vite dev` serves no `sw.js`.
 */
export function serviceWorkerPlugin(): Plugin {
  let outDir = '';
  return {
    name: 'offline-service-worker',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    async writeBundle(options) {
      const manifest = await writeServiceWorker(options.dir ?? outDir);
      const eager = manifest.entries.filter((e) => !e.lazy);
      const bytes = eager.reduce((sum, e) => sum + e.size, 0);
      const lazy = manifest.entries.length - eager.length;
      this.info(
        `${SW_FILE}: ${eager.length} files, ${(bytes / 1e6).toFixed(1)} MB cached for offline use, ${lazy} more once used (version ${manifest.version})`,
      );
    },
  };
}

export default defineConfig({
  // Relative asset URLs: the built site works from any sub-path of any static host.
  base: './',
  plugins: [react(), contentSecurityPolicy(), serviceWorkerPlugin()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2500 },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}'],
          exclude: ['src/e2e/**'],
          environment: 'node',
          testTimeout: 120_000,
        },
      },
      {
        // `npm run reproduce`: presets trained in full on real MNIST. Not part of `npm test`.
        extends: true,
        test: {
          name: 'reproduce',
          include: ['src/repro/**/*.repro.ts'],
          environment: 'node',
          testTimeout: 4 * 60 * 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['src/e2e/**/*.e2e.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
