// `npm run bench`. Node 20 cannot run TypeScript, so Vite's module runner loads runBench.ts (and
// the e2e harness it shares) the way Vite itself loads a config file.
import { runnerImport } from 'vite';

const { module } = await runnerImport(new URL('./runBench.ts', import.meta.url).pathname);
await module.main();
// Chromium and the Vite environment are closed; exit without waiting on stray handles.
process.exit(0);
