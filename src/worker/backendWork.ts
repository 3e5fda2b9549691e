import type { ExperimentConfig } from '../engine/config';
import { createAutoChooser, type AutoDeps } from './autoChooser';
import { warmUpGpu, type BackendSession } from './backendSession';
import type { LoadedData } from './loadedData';
import type { BackendPreference, PostEvent } from './protocol';
import type { RunRegistry } from './runRegistry';

/**
 * What the worker does to its backend besides training: start the one asked for, let Auto race
 * (autoChooser.ts), compile a GPU backend's shaders ahead of Train. Each job changes tfjs' global
 * backend, so they run one at a time, in order; a new run waits for the jobs before it.
 */
export interface BackendWork {
  /** `init`: starts `preference` in place of the backend in use, then (with data loaded) `prepare`s it. */
  switchTo(preference: BackendPreference): Promise<void>;
  /** Once data is uploaded: Auto's choice, then the backend in use compiles its shaders for that data. */
  prepare(): Promise<void>;
  /** `expectRun`: under Auto, the faster backend for `config` (and its shaders, if another started). */
  expect(config: ExperimentConfig): Promise<void>;
  /** Before run `runId` starts: the same for its `config`, after any job under way. */
  beforeRun(runId: string, config: ExperimentConfig): Promise<void>;
  /** The backend is `preference` by other means (a recovery after a loss): Auto's race stays off until `switchTo('auto')`. */
  settledOn(preference: BackendPreference): void;
}

interface WorkParts {
  post: PostEvent;
  session: BackendSession;
  data: LoadedData;
  runs: RunRegistry;
}

export function createBackendWork({ post, session, data, runs }: WorkParts, autoDeps?: AutoDeps): BackendWork {
  /** Runs entered but waiting for the jobs before their start: they hold no tensors yet, so the backend may change. */
  const waiting = new Set<string>();
  const auto = createAutoChooser({ post, session, data, busy: () => waiting.size < runs.size }, autoDeps);
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(job: () => Promise<T>): Promise<T> => {
    const done = queue.then(job);
    queue = done.catch(() => {});
    return done;
  };
  const settle = async () => {
    if (await auto.settle()) await warmUpGpu(post, await session.ready(), data.uploaded());
  };
  const prepare = () =>
    exclusive(async () => {
      await auto.settle();
      await warmUpGpu(post, await session.ready(), data.uploaded());
    });
  return {
    async switchTo(preference) {
      await exclusive(async () => {
        auto.prefer(preference);
        data.dispose();
        session.restart();
        await session.ready(preference);
      });
      if (data.images()) await prepare();
    },
    prepare,
    settledOn: (preference) => auto.prefer(preference),
    expect(config) {
      auto.expect(config);
      return exclusive(settle);
    },
    async beforeRun(runId, config) {
      waiting.add(runId);
      try {
        auto.expect(config);
        await exclusive(settle);
      } finally {
        waiting.delete(runId);
      }
    },
  };
}
