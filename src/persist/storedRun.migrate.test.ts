import { describe, expect, it } from 'vitest';
import { parseExperiment } from '../engine/schema';
import { OLD_FORMS } from '../engine/testing/oldForms';
import { makeRun } from './testing/runFixture';
import { fromStoredRun, toStoredRun } from './storedRun';

describe('runs kept in IndexedDB before layer lists', () => {
  it.each(Object.keys(OLD_FORMS))('%s: a version 1 record reads with the layer list its model meant', (name) => {
    // The fixture run has 2 epochs of steps: its config must have as many.
    const old = OLD_FORMS[name] as { train: object };
    const raw = { ...old, train: { ...old.train, epochs: 2 } };
    const expected = parseExperiment(raw, 256);
    const read = fromStoredRun({ ...toStoredRun(makeRun()), version: 1, config: raw });
    expect(read.ok && expected.ok && read.value.config).toEqual(expected.ok && expected.config);
    expect(read.ok).toBe(true);
  });
});
