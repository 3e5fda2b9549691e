// `npm run bench:engines`: Node cannot run TypeScript, so Vite's module runner loads engineSpeed.ts (as bench.mjs does).
import { runnerImport } from 'vite';

const { module } = await runnerImport(new URL('./engineSpeed.ts', import.meta.url).pathname);
await module.main();
process.exit(0);
