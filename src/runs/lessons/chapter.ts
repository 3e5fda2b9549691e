import type { ExperimentConfig } from '../../engine/config';
import { parseExperiment } from '../../engine/schema';
import type { RunPlan } from '../comparison';
import { findPreset, presetPlan, type Preset } from '../presets';

/**
 * A lesson is a list of chapters, and a chapter is data: a few paragraphs, one experiment, the
 * views that matter for it, and a question with its answer. The lesson page shows any chapter the
 * same way; adding one is a new file here and a line in `chapters.ts`.
 */

/**
 * The views a chapter can bring into sight, in the order it lists them:
 * - `workedExample`: BatchNorm's arithmetic on eight real images for one unit (chapter 1);
 * - `charts`: loss and accuracy of the chapter's runs;
 * - `results`: the table of finished runs (test accuracy, best validation);
 * - `comparison`: the per-epoch difference of a pair;
 * - `inside`: Inside BatchNorm (distributions over training, batch against moving statistics,
 *   training against inference mode with its demonstration, bias gradients);
 * - `scalingNote`: the warning when evaluation images are scaled unlike training images;
 * - `landscape`: the loss landscape along the gradient for a run and its twin (chapter 7).
 */
export const LESSON_VIEWS = ['workedExample', 'charts', 'results', 'comparison', 'inside', 'scalingNote', 'landscape'] as const;
export type LessonView = (typeof LESSON_VIEWS)[number];

/** What a chapter trains. */
export interface ChapterExperiment {
  /** What the runs are, in a phrase for the Run button's neighbour ("the tutorial network with and without BatchNorm"). */
  summary: string;
  /**
   * The settings: the form gets its base and comparison (what "Explore freely" keeps), and its
   * plan is what Run trains (see `presetPlan`).
   */
  preset: Preset;
  /** Whether the runs measure the loss landscape at their probes (costs time; chapter 7). */
  landscape: boolean;
}

export interface Chapter {
  /** Stable, for tests and links: lowercase letters and dashes. */
  id: string;
  title: string;
  /** A few sentences, paragraph by paragraph (plain text). */
  paragraphs: string[];
  experiment: ChapterExperiment;
  views: LessonView[];
  /** Asked before the answer is shown. */
  question: string;
  /** Revealed on request, paragraph by paragraph; numbers in it are measured (the README says where). */
  answer: string[];
}

/** Every config of `plan` with `patch` applied to its training settings (copies). */
const patchPlan = (plan: RunPlan, patch: Partial<ExperimentConfig['train']>): RunPlan =>
  plan.map((group) => group.map((c) => ({ ...structuredClone(c), train: { ...structuredClone(c.train), ...patch } })));

/**
 * A preset as a chapter trains it: every run with `patch` applied to its training settings (fewer
 * epochs or images, so a class is not kept waiting). Throws for an unknown id: chapters are code.
 */
export function presetForChapter(id: string, patch: Partial<ExperimentConfig['train']> = {}): Preset {
  const preset = findPreset(id);
  if (!preset) throw new Error(`no preset "${id}"`);
  const base = { ...structuredClone(preset.base), train: { ...structuredClone(preset.base.train), ...patch } };
  return { ...preset, base, plan: preset.plan ? patchPlan(preset.plan, patch) : null };
}

/** The runs a chapter's experiment trains, each on at most `trainLimit` training images (null: the chapter's own). */
export function chapterPlan(chapter: Chapter, trainLimit: number | null = null): RunPlan {
  const plan = presetPlan(chapter.experiment.preset);
  return trainLimit === null ? plan : patchPlan(plan, { trainLimit });
}

/** Training images per run as the chapter sets them (null: all); the lesson page lets a teacher lower it. */
export const chapterTrainLimit = (chapter: Chapter): number | null => chapter.experiment.preset.base.train.trainLimit;

/** Runs in a chapter's experiment. */
export const chapterRunCount = (chapter: Chapter): number => presetPlan(chapter.experiment.preset).flat().length;

/**
 * The runs a chapter trains with `limitText` training images each, as typed in the lesson's
 * field ('' keeps the chapter's own number), checked against the `trainImages` there are by the
 * one schema; or the first message that explains what is wrong.
 */
export function chapterPlanFor(chapter: Chapter, limitText: string, trainImages: number): { ok: true; plan: RunPlan } | { ok: false; message: string } {
  const text = limitText.trim();
  if (text !== '' && !/^\d+$/.test(text)) return { ok: false, message: 'Training images must be a whole number' };
  const plan = chapterPlan(chapter, text === '' ? null : Number(text));
  for (const config of plan.flat()) {
    const parsed = parseExperiment(config, trainImages);
    if (!parsed.ok) return { ok: false, message: Object.values(parsed.errors)[0] ?? 'This experiment cannot be trained' };
  }
  return { ok: true, plan };
}
