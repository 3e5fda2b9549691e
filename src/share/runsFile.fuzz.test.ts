import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseExperiment } from '../engine/schema';
import { exportRunsJson, importRunsJson } from './runsFile';
import { finishedRun } from './testing/runFixture';

const TRAIN_IMAGES = 60_000;

/** Whatever the text, the importer answers: no throw, only valid runs, short plain messages. */
function checkImport(text: string) {
  const { runs, errors } = importRunsJson(text, TRAIN_IMAGES);
  for (const run of runs) expect(parseExperiment(run.config, TRAIN_IMAGES).ok).toBe(true);
  for (const message of errors) expect(typeof message).toBe('string');
}

const valid = JSON.parse(exportRunsJson([finishedRun(), finishedRun({ id: 'second', name: 'two' })])) as Record<string, unknown>;

/** Every path into a JSON value, so a mutation can land anywhere in the document. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [prefix, ...keys.flatMap((k) => paths((value as Record<string | number, unknown>)[k], [...prefix, k]))];
}
const allPaths = paths(valid).filter((p) => p.length > 0);

function setAt(doc: unknown, path: (string | number)[], replacement: unknown): unknown {
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1)!] = replacement;
  return copy;
}

describe('runs file importer under fuzzing (fast-check)', () => {
  it('never throws on random JSON documents', () => {
    fc.assert(
      fc.property(fc.json(), (text) => checkImport(text)),
      { numRuns: 2000 },
    );
  });

  it('never throws on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => checkImport(text)),
      { numRuns: 1000 },
    );
  });

  it('never throws when any value of a valid file is replaced by anything, and keeps only valid runs', () => {
    fc.assert(
      fc.property(fc.constantFrom(...allPaths), fc.jsonValue(), (path, replacement) => checkImport(JSON.stringify(setAt(valid, path, replacement)))),
      { numRuns: 2000 },
    );
  });
});
