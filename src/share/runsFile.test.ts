import { describe, expect, it } from 'vitest';
import { defaultExperiment } from '../engine/config';
import type { RunRecord } from '../runs/runRecord';
import { emptySeries } from '../runs/stepSeries';
import { exportRunsJson, importRunsJson, RUNS_FILE_LIMITS } from './runsFile';
import { finishedRun, seriesOf } from './testing/runFixture';

const TRAIN_IMAGES = 60_000;

/** Only the first `length` entries of a series mean anything; capacity differs between store and file. */
const meaningful = (r: RunRecord) => {
  const n = r.series.length;
  const { series, ...rest } = r;
  return {
    ...rest,
    series: {
      length: n,
      loss: series.loss.slice(0, n),
      accuracy: series.accuracy.slice(0, n),
      lossSmooth: series.lossSmooth.slice(0, n),
      accuracySmooth: series.accuracySmooth.slice(0, n),
    },
  };
};

const roundTrip = (runs: RunRecord[]) => importRunsJson(exportRunsJson(runs), TRAIN_IMAGES);

/** Edits a run inside an exported file. */
function fileWith(edit: (run: Record<string, unknown>) => void, runs = [finishedRun()]): string {
  const doc = JSON.parse(exportRunsJson(runs)) as { runs: Record<string, unknown>[] };
  edit(doc.runs[0]!);
  return JSON.stringify(doc);
}

describe('exportRunsJson', () => {
  it('writes the versioned document with the steps as plain arrays and no smoothed curves', () => {
    const doc = JSON.parse(exportRunsJson([finishedRun()], new Date(Date.UTC(2025, 0, 2)))) as Record<string, unknown>;
    expect(doc).toMatchObject({ format: 'batchnorm-playground-runs', version: 2, exportedAt: '2025-01-02T00:00:00.000Z' });
    const run = (doc.runs as Record<string, unknown>[])[0]!;
    expect(Object.keys(run)).not.toContain('series');
    expect(run.steps).toEqual({ loss: expect.any(Array), accuracy: expect.any(Array) });
    expect((run.steps as { loss: number[] }).loss).toHaveLength(8);
    // Float32 values in their shortest form: 0.1, not 0.10000000149011612.
    expect((run.steps as { loss: number[] }).loss.slice(0, 4)).toEqual([2.3, 0.1, 0.33333334, 1e-8]);
  });
});

describe('importRunsJson', () => {
  it('round-trips finished runs exactly, float32 values and smoothed curves included', () => {
    const runs = [
      finishedRun(),
      finishedRun({ id: 'b', name: '', status: 'stopped', message: 'Stopped at step 5', test: null, groupId: null, visible: false }),
      finishedRun({ id: 'c', status: 'failed', series: emptySeries(), epochs: [], timeMarks: [], progress: null, test: null, backend: null }),
    ];
    const { runs: back, errors } = roundTrip(runs);
    expect(errors).toEqual([]);
    expect(back.map(meaningful)).toEqual(runs.map(meaningful));
    // Bit-identical, not just close: Object.is per value.
    for (let i = 0; i < 8; i++) expect(Object.is(back[0]!.series.loss[i], runs[0]!.series.loss[i])).toBe(true);
  });

  it('writes a non-finite metric as null and reads it back as NaN', () => {
    const run = finishedRun({
      status: 'diverged',
      series: seriesOf([0.5, Number.POSITIVE_INFINITY, Number.NaN], [0.5, 0.5, 0.5]),
      epochs: [{ epoch: 1, step: 3, elapsedMs: 5, loss: Number.NaN, accuracy: 0.1 }],
      test: { loss: Number.NEGATIVE_INFINITY, accuracy: 0.1 },
    });
    const text = exportRunsJson([run]);
    expect(text).toContain('"loss":[0.5,null,null]');
    const { runs: back, errors } = importRunsJson(text, TRAIN_IMAGES);
    expect(errors).toEqual([]);
    expect(Array.from(back[0]!.series.loss)).toEqual([0.5, Number.NaN, Number.NaN]);
    expect(back[0]!.epochs[0]!.loss).toBeNaN();
    expect(back[0]!.test!.loss).toBeNaN();
  });

  it('turns queued and active runs into interrupted ones, keeping what they reached', () => {
    const statuses = ['queued', 'starting', 'training', 'paused'] as const;
    const { runs, errors } = roundTrip(statuses.map((status, i) => finishedRun({ id: `r${i}`, status, test: null })));
    expect(errors).toEqual([]);
    expect(runs.map((r) => r.status)).toEqual(['interrupted', 'interrupted', 'interrupted', 'interrupted']);
    expect(runs[2]!.message).toMatch(/Was training when the file was saved/);
    expect(runs[2]!.series.length).toBe(8);
  });

  it('skips a bad run with a message naming it and the field, and keeps the others', () => {
    const good = finishedRun({ id: 'good' });
    const text = fileWith((r) => ((r.config as { train: { batchSize: number } }).train.batchSize = 0), [finishedRun({ name: 'Bad one' }), good]);
    const { runs, errors } = importRunsJson(text, TRAIN_IMAGES);
    expect(runs.map((r) => r.id)).toEqual(['good']);
    expect(errors).toEqual(['Run 1 (“Bad one”) was not imported: config.train.batchSize: Batch size must be at least 1.']);
  });

  it.each<[string, (r: Record<string, unknown>) => void, RegExp]>([
    ['a step that is a string', (r) => ((r.steps as { loss: unknown[] }).loss[2] = '0.5'), /steps\.loss\.2: must be a number or null/],
    ['an accuracy above 1', (r) => ((r.steps as { accuracy: unknown[] }).accuracy[0] = 2), /steps\.accuracy\.0: must be a number from 0 to 1/],
    ['series of different lengths', (r) => (r.steps as { accuracy: unknown[] }).accuracy.pop(), /steps\.accuracy: 7 steps, but steps\.loss has 8/],
    ['more steps than the run has', (r) => (r.totalSteps = 4), /steps\.loss: 8 steps, more than the run's 4/],
    ['an unknown status', (r) => (r.status = 'winning'), /status: /],
    ['a missing name', (r) => delete r.name, /Run 1 was not imported: name: /],
    ['an id with markup', (r) => (r.id = '<img src=x onerror=alert(1)>'), /id: must be letters/],
    ['a negative colour', (r) => (r.colorIndex = -1), /colorIndex: /],
    ['an epoch past the config', (r) => ((r.epochs as { epoch: number }[])[1]!.epoch = 3), /epochs\.1\.epoch: epoch 3 is past the 2 epochs/],
    ['epochs out of order', (r) => (r.epochs as unknown[]).reverse(), /epochs\.1: out of order/],
    ['a mark past the end', (r) => ((r.timeMarks as { step: number }[])[0]!.step = 99), /timeMarks\.0\.step: step 99 is past the run's 8 steps/],
    ['a learning rate of 0', (r) => ((r.learningRateMarks as { learningRate: number }[])[0]!.learningRate = 0), /learningRateMarks\.0\.learningRate: /],
    ['a config that is not an object', (r) => (r.config = 'adam'), /config: /],
    ['a run that is not an object', (r) => Object.keys(r).forEach((k) => delete r[k]), /Run 1 was not imported: id: /],
    ['a very long name', (r) => (r.name = 'x'.repeat(RUNS_FILE_LIMITS.maxNameLength + 1)), /name: must be at most 500 characters/],
  ])('refuses %s', (_, edit, message) => {
    const { runs, errors } = importRunsJson(fileWith(edit), TRAIN_IMAGES);
    expect(runs).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it('refuses a holdout that the loaded data cannot provide', () => {
    const text = fileWith((r) => ((r.config as { train: { validation: unknown } }).train.validation = { kind: 'holdout', size: 5_000 }));
    expect(importRunsJson(text, TRAIN_IMAGES).errors).toEqual([]);
    expect(importRunsJson(text, 5_000).errors[0]).toMatch(/config\.train\.validation\.size: Validation images must be fewer/);
  });

  it('refuses a second run with the same id', () => {
    const { runs, errors } = roundTrip([finishedRun(), finishedRun({ name: 'copy' })]);
    expect(runs).toHaveLength(1);
    expect(errors[0]).toMatch(/Run 2 \(“copy”\) was not imported: id: "lq3k2x-7-a9f" repeats/);
  });

  it('cuts a long error message short rather than refusing the run', () => {
    const { runs, errors } = roundTrip([finishedRun({ status: 'failed', message: 'y'.repeat(RUNS_FILE_LIMITS.maxMessageLength + 10) })]);
    expect(errors).toEqual([]);
    expect(runs[0]!.message).toBe(`${'y'.repeat(RUNS_FILE_LIMITS.maxMessageLength - 1)}…`);
  });

  it('ignores fields it does not know and fills a missing queue slot', () => {
    const text = fileWith((r) => {
      r.extra = { __proto__: { polluted: true } };
      delete r.queueSlot;
    });
    const { runs, errors } = importRunsJson(text, TRAIN_IMAGES);
    expect(errors).toEqual([]);
    expect(runs[0]).not.toHaveProperty('extra');
    expect(runs[0]!.queueSlot).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each<[string, string, RegExp]>([
    ['text that is not JSON', 'hello, world', /not JSON/],
    ['an empty file', '', /not JSON/],
    ['JSON null', 'null', /not a runs file/],
    ['another JSON document', '{"runs": []}', /not a runs file/],
    ['a newer version', '{"format":"batchnorm-playground-runs","version":3,"runs":[]}', /newer version of the playground \(format 3/],
    ['a version that is not a number', '{"format":"batchnorm-playground-runs","version":"1","runs":[]}', /no valid format version/],
    ['runs that are not a list', '{"format":"batchnorm-playground-runs","version":1,"runs":{}}', /no list of runs/],
    [
      'too many runs',
      JSON.stringify({ format: 'batchnorm-playground-runs', version: 1, runs: new Array(RUNS_FILE_LIMITS.maxRuns + 1).fill(0) }),
      /holds 501 runs; at most 500/,
    ],
  ])('refuses the whole file for %s', (_, text, message) => {
    const { runs, errors } = importRunsJson(text, TRAIN_IMAGES);
    expect(runs).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it('refuses a file over the size limit without parsing it', () => {
    const { errors } = importRunsJson(' '.repeat(RUNS_FILE_LIMITS.maxChars + 1), TRAIN_IMAGES);
    expect(errors).toEqual([expect.stringMatching(/too large to import/)]);
  });

  it('reads an empty list of runs', () => {
    expect(roundTrip([])).toEqual({ runs: [], errors: [] });
  });

  it('never throws on mangled files', () => {
    const text = exportRunsJson([finishedRun(), finishedRun({ id: 'b' })]);
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 300; i++) {
      const chars = text.split('');
      for (let k = 0; k < 3; k++) chars[Math.floor(random() * chars.length)] = '{}[]",:0-enul1.'[Math.floor(random() * 15)]!;
      const cut = random() < 0.2 ? Math.floor(random() * chars.length) : chars.length;
      expect(() => importRunsJson(chars.slice(0, cut).join(''), TRAIN_IMAGES)).not.toThrow();
    }
    // Well-formed JSON with one value anywhere in it swapped for junk.
    const junk = [null, -1, 0, 1.5, 1e308, 'x', '', true, [], {}, [null], { step: -1 }];
    const slots = (node: unknown, out: [Record<string, unknown>, string][]) => {
      if (typeof node !== 'object' || node === null) return out;
      for (const [k, v] of Object.entries(node)) {
        out.push([node as Record<string, unknown>, k]);
        slots(v, out);
      }
      return out;
    };
    let refused = 0;
    for (let i = 0; i < 300; i++) {
      const doc: unknown = JSON.parse(text);
      const all = slots(doc, []);
      const [parent, key] = all[Math.floor(random() * all.length)]!;
      parent[key] = junk[Math.floor(random() * junk.length)];
      const result = importRunsJson(JSON.stringify(doc), TRAIN_IMAGES);
      refused += result.errors.length;
      for (const r of result.runs) expect(r.series.loss).toBeInstanceOf(Float32Array);
    }
    expect(refused).toBeGreaterThan(100);
  });

  it('reads a large run quickly enough for a click', () => {
    const n = 56_250;
    const loss = Array.from({ length: n }, (_, i) => 2 / (1 + i / 100));
    const accuracy = Array.from({ length: n }, (_, i) => 1 - 1 / (1 + i / 100));
    const config = defaultExperiment();
    config.train.epochs = 30;
    const run = finishedRun({ config, series: seriesOf(loss, accuracy, 64), totalSteps: n, stepsPerEpoch: 1875, epochs: [], timeMarks: [] });
    const text = exportRunsJson([run]);
    expect(text.length).toBeLessThan(1_500_000);
    const start = performance.now();
    const { runs, errors } = importRunsJson(text, TRAIN_IMAGES);
    expect(errors).toEqual([]);
    expect(runs[0]!.series.length).toBe(n);
    expect(performance.now() - start).toBeLessThan(2_000);
  });
});
