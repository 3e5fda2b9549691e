// `npm run bench:export`: Node cannot run TypeScript, so Vite's module runner loads exportSpeed.ts (as bench.mjs does).
import { runnerImport } from 'vite';

const { module } = await runnerImport(new URL('./exportSpeed.ts', import.meta.url).pathname);
await module.main();
process.exit(0);
