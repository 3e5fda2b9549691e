import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the bench builds and writes: bench-results/ at the top of the repository. */
export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const OUT = join(REPO, 'bench-results');
export const BENCH_DIST = join(OUT, 'dist');
// The app is built here rather than into dist/, so a bench never disturbs tests running on dist/.
export const APP_DIST = join(OUT, 'app-dist');
/** The same app built once more with source maps, to name the functions in long frames (see sourceMaps.ts). */
export const APP_MAPS = join(OUT, 'app-maps');
