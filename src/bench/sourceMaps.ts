import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';

/**
 * Names the source of a function in the built app: a long animation frame gives the script's
 * file and the function's position in it (characters from the start), which in a minified bundle
 * says nothing; the bench builds the same app once more with source maps (`APP_MAPS`) to read them.
 */
export type Attributor = (file: string, charPosition: number) => string | null;

/** An attributor over the maps in `mapsDir` (a build of the app with `sourcemap: 'hidden'`); null where a file has no map or is not the same build. */
export function sourceAttributor(mapsDir: string, measuredDir: string): Attributor {
  const cache = new Map<string, { lineStarts: number[]; map: TraceMap } | null>();
  const load = (file: string) => {
    const js = join(mapsDir, 'assets', file);
    const measured = join(measuredDir, 'assets', file);
    if (!existsSync(js) || !existsSync(`${js}.map`) || !existsSync(measured)) return null;
    const text = readFileSync(js, 'utf8');
    // The map is only good for the very file measured.
    if (text.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '') !== readFileSync(measured, 'utf8').replace(/\n\/\/# sourceMappingURL=.*\s*$/, '')) return null;
    const lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
    return { lineStarts, map: new TraceMap(readFileSync(`${js}.map`, 'utf8')) };
  };
  return (file, charPosition) => {
    if (!cache.has(file)) cache.set(file, load(file));
    const entry = cache.get(file);
    if (!entry || charPosition < 0) return null;
    let line = entry.lineStarts.findIndex((start) => start > charPosition) - 1;
    if (line < 0) line = entry.lineStarts.length - 1;
    const found = originalPositionFor(entry.map, { line: line + 1, column: charPosition - entry.lineStarts[line]! });
    if (!found.source) return null;
    const source = found.source.replace(/^(\.\.\/)+/, '').replace(/^node_modules\/(\.pnpm\/)?/, '');
    return `${source}:${found.line}${found.name ? ` ${found.name}` : ''}`;
  };
}
