import { beforeEach, describe, expect, it } from 'vitest';
import { defaultExperiment } from '../engine/config';
import type { ModeDemo } from '../engine/modeDemo';
import { fakeProbe } from '../engine/testing/probeFixture';
import type { WorkerCommand } from '../worker/protocol';
import { fakeClient } from '../worker/testing/fakeClient';
import { createAppStore } from './createAppStore';
import { appendProbe, MAX_PROBE_BYTES, MAX_PROBES_KEPT, probeBytes } from './probeSeries';

describe('probe series', () => {
  it('appends in step order and drops a probe of a step it has', () => {
    let s = appendProbe([], fakeProbe(0));
    s = appendProbe(s, fakeProbe(50));
    expect(appendProbe(s, fakeProbe(50))).toBe(s);
    expect(appendProbe(s, fakeProbe(20))).toBe(s);
    expect(s.map((p) => p.step)).toEqual([0, 50]);
  });

  it('thins to every second probe past the count limit, keeping the first and the newest', () => {
    let s: ReturnType<typeof appendProbe> = [];
    for (let i = 0; i <= MAX_PROBES_KEPT; i++) s = appendProbe(s, fakeProbe(i * 10, [1], false));
    expect(s.length).toBeLessThanOrEqual(MAX_PROBES_KEPT);
    expect(s.length).toBeGreaterThan(MAX_PROBES_KEPT / 2 - 1);
    expect(s[0]!.step).toBe(0);
    expect(s.at(-1)!.step).toBe(MAX_PROBES_KEPT * 10);
    const steps = s.map((p) => p.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
  });

  it('thins past the byte limit: a wide network keeps fewer probes', () => {
    const wide = [2048, 2048, 2048, 2048];
    const bytes = probeBytes(fakeProbe(0, wide));
    let s: ReturnType<typeof appendProbe> = [];
    for (let i = 0; i < 60; i++) s = appendProbe(s, fakeProbe(i, wide));
    expect(s.length * bytes).toBeLessThanOrEqual(MAX_PROBE_BYTES);
    expect(s.at(-1)!.step).toBe(59);
  });
});

describe('probes slice', () => {
  let fake: ReturnType<typeof fakeClient>;
  let store: ReturnType<typeof createAppStore>;
  beforeEach(() => {
    fake = fakeClient();
    store = createAppStore({ client: fake.client, baseUrl: 'http://x/' });
  });
  const trainIds = () => fake.sent.filter((c): c is Extract<WorkerCommand, { type: 'train' }> => c.type === 'train').map((c) => c.runId);

  it('keeps each run’s probes, ignores runs it does not know, and forgets them with the run', () => {
    store.getState().startRun(defaultExperiment());
    const [runId] = trainIds();
    fake.emit({ type: 'probe', runId: runId!, probe: fakeProbe(0) });
    fake.emit({ type: 'probe', runId: runId!, probe: fakeProbe(50) });
    fake.emit({ type: 'probe', runId: 'other', probe: fakeProbe(0) });
    expect(store.getState().probes[runId!]!.map((p) => p.step)).toEqual([0, 50]);
    expect(store.getState().probes.other).toBeUndefined();
    fake.emit({ type: 'runEnded', runId: runId!, outcome: { status: 'stopped', elapsedMs: 5, steps: 50 } });
    store.getState().deleteRun(runId!);
    expect(store.getState().probes).toEqual({});
  });

  it('asks the worker for a demonstration and settles it by request id', async () => {
    const asked = store.getState().runModeDemo('r', 7);
    const failed = store.getState().runModeDemo('r', 3);
    const commands = fake.sent.filter((c): c is Extract<WorkerCommand, { type: 'modeDemo' }> => c.type === 'modeDemo');
    expect(commands.map((c) => [c.runId, c.digit])).toEqual([
      ['r', 7],
      ['r', 3],
    ]);
    const result: ModeDemo = {
      digit: 7,
      oneClass: { count: 100, train: { loss: 3, accuracy: 0.1 }, infer: { loss: 0.1, accuracy: 0.98 } },
      pairs: { count: 128, train: { loss: 1, accuracy: 0.6 }, infer: { loss: 0.1, accuracy: 0.97 } },
    };
    fake.emit({ type: 'modeDemoError', requestId: commands[1]!.requestId, runId: 'r', message: 'no weights' });
    fake.emit({ type: 'modeDemoResult', requestId: commands[0]!.requestId, runId: 'r', result });
    await expect(asked).resolves.toEqual(result);
    await expect(failed).rejects.toThrow('no weights');
  });

  it('fails waiting demonstrations when the worker is replaced', async () => {
    const asked = store.getState().runModeDemo('r', 7);
    fake.emit({ type: 'workerError', fatal: true, message: 'boom' });
    await expect(asked).rejects.toThrow(/crashed: boom/);
  });
});
