import type { StateCreator } from 'zustand';
import { defaultExperiment, type ExperimentConfig } from '../engine/config';
import type { ComparisonSetup, Schedule, VariedSetting } from '../runs/comparison';
import { formatVariation, VARIATION_DEFAULTS } from '../runs/variationText';
import type { BackendPreference } from '../worker/protocol';
import type { AppState, StoreDeps } from './appState';
import { draftFromConfig, newLayerId, type Draft, type LayerDraft } from './draft';

export const LEARNING_RATE_DEBOUNCE_MS = 300;

/** The comparison form: which setting differs, its values as typed, and how the runs are scheduled. */
export interface ComparisonDraft {
  setting: VariedSetting;
  values: string;
  schedule: Schedule;
  alsoWithoutBn: boolean;
}

export const defaultComparisonDraft = (): ComparisonDraft => ({
  setting: 'batchNorm',
  values: VARIATION_DEFAULTS.batchNorm,
  schedule: 'together',
  alsoWithoutBn: false,
});

export interface SettingsSlice {
  draft: Draft;
  comparison: ComparisonDraft;
  /** Replaces the form with an experiment (a preset, a shared link, a run to duplicate). */
  loadConfig(config: ExperimentConfig): void;
  /** Replaces the comparison form; a new setting brings its example values. */
  setComparison(patch: Partial<ComparisonDraft>): void;
  loadComparison(setup: Omit<ComparisonSetup, 'base'>): void;
  backendPreference: BackendPreference;
  setDraft(patch: Partial<Omit<Draft, 'layers' | 'convBlocks' | 'architecture'>>): void;
  updateLayer(id: number, patch: Partial<Omit<LayerDraft, 'id'>>): void;
  addLayer(): void;
  removeLayer(id: number): void;
  setBackendPreference(backend: BackendPreference): void;
}

export const createSettingsSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], SettingsSlice> =>
  (set, get) => {
    let learningRateTimer: ReturnType<typeof setTimeout> | undefined;
    return {
      draft: draftFromConfig(defaultExperiment()),
      comparison: defaultComparisonDraft(),
      backendPreference: 'auto',
      loadConfig(config) {
        set({ draft: draftFromConfig(config) });
      },
      setComparison(patch) {
        set((s) => {
          const next = { ...s.comparison, ...patch };
          if (patch.setting && patch.setting !== s.comparison.setting && patch.values === undefined) next.values = VARIATION_DEFAULTS[patch.setting];
          return { comparison: next };
        });
      },
      loadComparison(setup) {
        set({
          comparison: {
            setting: setup.variation.setting,
            values: formatVariation(setup.variation),
            schedule: setup.schedule,
            alsoWithoutBn: setup.alsoWithoutBn,
          },
        });
      },
      setDraft(patch) {
        set((s) => ({ draft: { ...s.draft, ...patch } }));
        // As in TensorFlow Playground, a new learning rate reaches a running network at its next step.
        // Debounced, so typing "0.015" does not apply 0.01 on the way.
        const text = patch.learningRate;
        if (text !== undefined) {
          clearTimeout(learningRateTimer);
          learningRateTimer = setTimeout(() => get().changeLearningRate(Number(text)), LEARNING_RATE_DEBOUNCE_MS);
        }
      },
      updateLayer(id, patch) {
        set((s) => ({ draft: { ...s.draft, layers: s.draft.layers.map((l) => (l.id === id ? { ...l, ...patch } : l)), net: null } }));
      },
      addLayer() {
        set((s) => {
          const last = s.draft.layers[s.draft.layers.length - 1];
          const layer: LayerDraft = {
            id: newLayerId(),
            units: '32',
            batchNorm: last?.batchNorm ?? true,
            bnPosition: last?.bnPosition ?? 'before',
            dropout: '0',
          };
          return { draft: { ...s.draft, layers: [...s.draft.layers, layer], net: null } };
        });
      },
      removeLayer(id) {
        set((s) => ({ draft: { ...s.draft, layers: s.draft.layers.filter((l) => l.id !== id), net: null } }));
      },
      setBackendPreference(backend) {
        set({ backendPreference: backend });
        deps.client.send({ type: 'init', backend });
      },
    };
  };
