import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
// typescript-eslint with its own TypeScript 6.0 (the app's TypeScript 7 has no JavaScript API): see tools/lint-typescript/index.js.
import tseslint from 'lint-typescript';

/**
 * The folders of src/, lowest first, and the folders of ours each may import (besides itself).
 * `format` is src/format.ts (number formatting); src/result.ts (the `Result` type) is a leaf any folder may
 * import; main.tsx wires everything and nobody imports it.
 * Nothing imports e2e, bench or repro (test and measurement code).
 */
export const LAYERS = {
  data: [],
  engine: ['data'],
  runs: ['engine', 'data', 'format'],
  share: ['runs', 'engine', 'data', 'format'],
  // Code, weights and models to take elsewhere (PyTorch, Keras, TF.js): pure text and bytes, no tfjs. Its tests import the runs file (share).
  export: ['share', 'runs', 'engine', 'data', 'format'],
  persist: ['runs', 'engine', 'data', 'format'],
  worker: ['runs', 'engine', 'data'],
  store: ['share', 'persist', 'worker', 'runs', 'engine', 'data', 'format'],
  sw: [],
  ui: ['store', 'share', 'export', 'persist', 'worker', 'sw', 'runs', 'engine', 'data', 'format'],
  repro: ['runs', 'engine', 'data'],
  // bench starts browsers with e2e's harness; see the exception below.
  bench: ['worker', 'share', 'export', 'persist', 'runs', 'engine', 'data'],
  e2e: ['ui', 'store', 'share', 'export', 'persist', 'worker', 'sw', 'runs', 'engine', 'data', 'format'],
};
const MODULES = [...Object.keys(LAYERS), 'format', 'main'];

/** A relative import that reaches `folder` at the top of src/ (from any depth): `../store/x`, `../../engine/config`. */
const reaches = (folder) => `^(\\.\\./)+${folder}(/|$)`;

/** no-restricted-imports for the files of one folder: every module of ours it may not import. */
function layerRule(folder, extraAllowed = []) {
  const allowed = new Set([folder, ...LAYERS[folder], ...extraAllowed]);
  const forbidden = MODULES.filter((m) => !allowed.has(m));
  const message = `src/${folder}/ may import ${LAYERS[folder].length ? `only ${LAYERS[folder].join(', ')}` : 'nothing of ours'} (the folder rules in README "How it is built").`;
  return {
    'no-restricted-imports': ['error', { patterns: forbidden.map((m) => ({ regex: reaches(m), message })) }],
    // no-restricted-imports does not see import(): the same rule for it.
    'no-restricted-syntax': [
      'error',
      ...forbidden.map((m) => ({ selector: `ImportExpression[source.value=/${reaches(m).replaceAll('/', '\\/')}/]`, message })),
    ],
  };
}

export default defineConfig(
  { ignores: ['dist/', 'public/', 'test-results/', 'bench-results/', 'node_modules/', 'tools/*/node_modules/', 'wasm/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // Unused arguments named _x are kept on purpose (a callback's shape); tsc's noUnusedLocals checks the rest.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // React code lives in ui/ (e2e and tests have fixtures named use…, which are not hooks).
    files: ['src/ui/**/*.{ts,tsx}', 'src/main.tsx'],
    plugins: { 'react-hooks': reactHooks },
    // The two rules for hooks as React runs them. The plugin's React Compiler rules (its v7 `recommended`)
    // judge code for the compiler, which this app does not use.
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  ...Object.keys(LAYERS).map((folder) => ({ files: [`src/${folder}/**`], rules: layerRule(folder) })),
  // TODO(after the cross-browser e2e branch): move the browser launch and static server out of e2e/harness.ts into a folder both may import.
  {
    files: ['src/bench/runBench.ts', 'src/bench/appMeasures.ts', 'src/bench/engineSpeed.ts', 'src/bench/exportSpeed.ts', 'src/bench/freezeMeasures.ts'],
    rules: layerRule('bench', ['e2e']),
  },
  {
    // Small files and functions (issue 12), in production code and the bench: tests, fixtures and e2e are left out. Raw lines,
    // comments included. A data table that must be longer gets a targeted disable that says why.
    files: ['src/**/*.{js,mjs,ts,tsx}'],
    ignores: ['src/**/*.test.*', 'src/e2e/**', 'src/**/testing/**', 'src/repro/**'],
    rules: {
      'max-lines': ['error', { max: 300 }],
      'max-lines-per-function': ['error', { max: 80 }],
    },
  },
  {
    files: ['src/format.ts', 'src/result.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^\\./', message: 'A module at the top of src/ is a leaf: it imports nothing of ours.' }] }],
    },
  },
);
