import type { ImageSet } from '../data/imageSet';
import type { ExperimentConfig } from '../engine/config';
import type { AutoCandidates } from './backend';
import type { BackendSession } from './backendSession';
import type { AutoMemory } from './autoMemory';
import { raceKey } from './autoMemory';
import { decideAuto, sizeClass, type Lap, type RaceResult } from './autoRace';
import type { LoadedData } from './loadedData';
import type { BackendName, BackendPreference, PostEvent } from './protocol';

/** What Auto's race needs from the worker's surroundings (the real ones in trainer.worker.ts). */
export interface AutoDeps {
  /** The backends worth racing here, and this device's name (see `autoCandidates`). */
  candidates(): AutoCandidates;
  /** Times each backend of `names` training `config` on `train` (see `raceBackends`). */
  race(names: readonly BackendName[], config: ExperimentConfig, train: ImageSet): Promise<Lap[]>;
  memory: AutoMemory;
  /** Wall-clock ms since 1970, for the date a race was run. */
  now(): number;
}

export interface AutoChooser {
  /** The experiment the page would train next (the form as it stands): Auto races on its model and batch size. */
  expect(config: ExperimentConfig): void;
  /** The backend the user asked for; anything but `auto` turns the race off. */
  prefer(preference: BackendPreference): void;
  /**
   * Under Auto, with data loaded and no run training: makes the backend the faster one for the
   * expected experiment's size class on this device, from memory or by a race (posting
   * `backendRacing` first), and remembers a new race. Resolves true when it started another
   * backend (its GPU programs are then still to compile). Never rejects.
   */
  settle(): Promise<boolean>;
}

interface AutoParts {
  post: PostEvent;
  session: BackendSession;
  data: LoadedData;
  /** Whether runs are training (or halted): the backend cannot change under them. */
  busy(): boolean;
}

/** Auto's race (issue 16). Without `deps` (tests, Node) Auto keeps the choice `selectBackend` made from the WebGL renderer. */
export function createAutoChooser({ post, session, data, busy }: AutoParts, deps?: AutoDeps): AutoChooser {
  let preference: BackendPreference = 'auto';
  let expected: ExperimentConfig | null = null;
  /** The race key (device and size class) the backend in use was chosen for. */
  let decided: string | null = null;

  /** The race for `key`: remembered, or run now (and kept). Also a sentence when it could not be kept. */
  async function raceFor(key: string, names: BackendName[], config: ExperimentConfig, train: ImageSet) {
    const recalled = await deps!.memory.recall(key);
    if (recalled) return { race: recalled, remembered: true, note: null };
    post({ type: 'backendRacing', backends: names });
    const race: RaceResult = { laps: await deps!.race(names, config, train), measuredAt: deps!.now() };
    const note = race.laps.some((l) => 'samplesPerS' in l) ? await deps!.memory.remember(key, race) : null;
    return { race, remembered: false, note };
  }

  return {
    expect(config) {
      expected = config;
    },
    prefer(next) {
      preference = next;
      decided = null;
    },
    async settle() {
      const images = data.images();
      if (!deps || preference !== 'auto' || !expected || !images || busy() || session.lostReason() !== null) return false;
      const config = expected;
      try {
        const current = await session.ready();
        const { device, names } = deps.candidates();
        const key = raceKey(device, sizeClass(config));
        if (names.length < 2 || key === decided) return false;
        const { race, remembered, note } = await raceFor(key, names, config, images.train);
        decided = key;
        const decision = decideAuto(race, remembered);
        const name = decision?.name ?? current.name;
        const reason = decision ? (note ? `${decision.reason}; ${note}` : decision.reason) : current.autoReason;
        // The race left tfjs on its last backend: start the chosen one (the data stays uploaded if it is the one in use).
        if (name !== current.name) data.dispose();
        session.restart();
        await session.ready(name, '', reason);
        return name !== current.name;
      } catch {
        // Only a head start: training starts its backend itself and reports what fails.
        return false;
      }
    },
  };
}
