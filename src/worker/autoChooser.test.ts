import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultExperiment, type ExperimentConfig } from '../engine/config';
import { syntheticImageSet } from '../engine/testing/syntheticData';
import { createAutoChooser, type AutoDeps } from './autoChooser';
import type { AutoMemory } from './autoMemory';
import type { Lap, RaceResult } from './autoRace';
import { createBackendSession } from './backendSession';
import { createLoadedData } from './loadedData';
import type { BackendInfo, BackendName, BackendPreference, WorkerEvent } from './protocol';

beforeAll(() => tf.setBackend('cpu'));

const DAY = Date.UTC(2026, 11, 4);
const batch = (batchSize: number): ExperimentConfig => ({ ...defaultExperiment(), train: { ...defaultExperiment().train, batchSize } });

/** A memory in a Map; `full` makes every write fail as a full disk would. */
function mapMemory(full = false): AutoMemory & { kept: Map<string, RaceResult> } {
  const kept = new Map<string, RaceResult>();
  return {
    kept,
    recall: async (key) => kept.get(key) ?? null,
    remember: async (key, race) => {
      if (full) return 'this browser could not store it (QuotaExceededError: full), so Auto measures again on the next visit';
      kept.set(key, race);
      return null;
    },
  };
}

/**
 * Auto on a fake device: the session starts whatever is asked (Auto's first choice: `first`),
 * the race answers with `speeds` (samples/s per backend) and counts itself.
 */
function setup(options: { speeds: Partial<Record<BackendName, number>>; first?: BackendName; memory?: AutoMemory; names?: BackendName[] }) {
  const events: WorkerEvent[] = [];
  const started: BackendPreference[] = [];
  const races: { names: readonly BackendName[]; batchSize: number }[] = [];
  const session = createBackendSession(
    (e) => events.push(e),
    {
      selectBackend: async (preferred): Promise<BackendInfo> => {
        started.push(preferred);
        const name = preferred === 'auto' ? (options.first ?? 'wasm') : preferred;
        return { name, detail: 'fake', fallbackReason: '', ...(preferred === 'auto' ? { autoReason: 'Auto chose by name' } : {}) };
      },
      watchBackend: () => ({ isLost: () => false, stop: () => {} }),
    },
    () => {},
  );
  const data = createLoadedData();
  data.replace('mnist', { train: syntheticImageSet(64, 1), test: syntheticImageSet(16, 2) });
  let busy = false;
  const memory = options.memory ?? mapMemory();
  const deps: AutoDeps = {
    candidates: () => ({ device: 'Fake GPU', names: options.names ?? ['webgl', 'wasm'] }),
    race: async (names, config): Promise<Lap[]> => {
      races.push({ names, batchSize: config.train.batchSize });
      return names.map((name) => ({ name, samplesPerS: options.speeds[name] ?? 1 }));
    },
    memory,
    now: () => DAY,
  };
  const chooser = createAutoChooser({ post: (e) => events.push(e), session, data, busy: () => busy }, deps);
  const backends = () => events.flatMap((e) => (e.type === 'backend' ? [e.backend] : []));
  return { chooser, session, data, events, started, races, backends, memory, setBusy: (b: boolean) => (busy = b) };
}

describe('Auto races the backends on the expected model and batch size', () => {
  it('keeps WebAssembly when it is the faster, saying both speeds; racing is announced first', async () => {
    const { chooser, session, events, races, backends } = setup({ speeds: { webgl: 1600, wasm: 6900 }, first: 'wasm' });
    await session.ready('auto');
    chooser.expect(batch(32));
    expect(await chooser.settle()).toBe(false);
    expect(races).toEqual([{ names: ['webgl', 'wasm'], batchSize: 32 }]);
    expect(events.map((e) => e.type)).toEqual(['backend', 'backendRacing', 'backend']);
    expect(backends().at(-1)).toEqual({
      name: 'wasm',
      detail: 'fake',
      fallbackReason: '',
      autoReason: 'Auto chose WebAssembly: 6,900 samples/s against 1,600 on WebGL',
    });
  });

  it('switches to WebGL when WebGL is the faster, freeing the data uploaded to the old backend', async () => {
    const { chooser, session, data, started, backends } = setup({ speeds: { webgl: 40_000, wasm: 9_000 }, first: 'wasm' });
    await session.ready('auto');
    const before = data.uploaded();
    chooser.expect(batch(256));
    expect(await chooser.settle()).toBe(true);
    expect(started).toEqual(['auto', 'webgl']);
    expect(backends().at(-1)?.autoReason).toBe('Auto chose WebGL: 40,000 samples/s against 9,000 on WebAssembly');
    expect(before.train.xs.isDisposed).toBe(true);
    data.dispose();
  });

  it('races once per size class: the same class again is settled, another batch size races again', async () => {
    const { chooser, session, races } = setup({ speeds: { webgl: 1000, wasm: 2000 } });
    await session.ready('auto');
    chooser.expect(batch(32));
    await chooser.settle();
    chooser.expect({ ...batch(32), train: { ...batch(32).train, learningRate: 0.01 } });
    await chooser.settle();
    expect(races).toHaveLength(1);
    chooser.expect(batch(256));
    await chooser.settle();
    expect(races.map((r) => r.batchSize)).toEqual([32, 256]);
  });

  it('remembers a race per device and size class: a new page (a new chooser) decides without racing, and says when it was measured', async () => {
    const memory = mapMemory();
    const first = setup({ speeds: { webgl: 1600, wasm: 6900 }, memory });
    await first.session.ready('auto');
    first.chooser.expect(batch(32));
    await first.chooser.settle();
    expect([...memory.kept.keys()]).toEqual(['v1|Fake GPU|dense-p17-b5']);

    const later = setup({ speeds: { webgl: 99_999, wasm: 1 }, memory });
    await later.session.ready('auto');
    later.chooser.expect(batch(32));
    await later.chooser.settle();
    expect(later.races).toHaveLength(0);
    expect(later.events.some((e) => e.type === 'backendRacing')).toBe(false);
    expect(later.backends().at(-1)?.name).toBe('wasm');
    expect(later.backends().at(-1)?.autoReason).toBe('Auto chose WebAssembly: 6,900 samples/s against 1,600 on WebGL, measured on this device on 2026-12-04');
  });

  it('with storage full, still decides, and says it could not remember', async () => {
    const { chooser, session, backends } = setup({ speeds: { webgl: 1600, wasm: 6900 }, memory: mapMemory(true) });
    await session.ready('auto');
    chooser.expect(batch(32));
    await chooser.settle();
    expect(backends().at(-1)?.autoReason).toBe(
      'Auto chose WebAssembly: 6,900 samples/s against 1,600 on WebGL; this browser could not store it (QuotaExceededError: full), so Auto measures again on the next visit',
    );
  });

  it('does not race while a run trains, under a backend the user chose, before data or an expected run, or with one candidate', async () => {
    const busy = setup({ speeds: {} });
    await busy.session.ready('auto');
    busy.chooser.expect(batch(32));
    busy.setBusy(true);
    expect(await busy.chooser.settle()).toBe(false);
    expect(busy.races).toHaveLength(0);

    const chosen = setup({ speeds: {} });
    chosen.chooser.prefer('webgl');
    chosen.chooser.expect(batch(32));
    expect(await chosen.chooser.settle()).toBe(false);

    const unexpected = setup({ speeds: {} });
    expect(await unexpected.chooser.settle()).toBe(false);

    const single = setup({ speeds: {}, names: ['wasm'] });
    await single.session.ready('auto');
    single.chooser.expect(batch(32));
    expect(await single.chooser.settle()).toBe(false);
    for (const s of [busy, chosen, unexpected, single]) expect(s.races).toHaveLength(0);
    // Auto's first choice (from the renderer's name) stands where there is nothing to race.
    expect(single.backends().at(-1)?.autoReason).toBe('Auto chose by name');
  });

  it('Auto chosen again races again only if nothing is remembered', async () => {
    const { chooser, session, races } = setup({ speeds: { webgl: 1, wasm: 2 } });
    await session.ready('auto');
    chooser.expect(batch(32));
    await chooser.settle();
    chooser.prefer('wasm');
    chooser.prefer('auto');
    await chooser.settle();
    expect(races).toHaveLength(1);
  });
});
