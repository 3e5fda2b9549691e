import type { StateCreator } from 'zustand';
import type { WorkedBatch } from '../engine/workedBatch';
import { chapterAt, chapterPlanFor, CHAPTERS } from '../runs/lessons/chapters';
import { hasWaiting } from '../runs/runQueue';
import type { WorkedBatchRequest, WorkerEvent } from '../worker/protocol';
import type { AppState, StoreDeps } from './appState';
import { pendingRequests } from './pendingRequests';

export type LessonEvent = Extract<WorkerEvent, { type: 'workedBatchResult' | 'workedBatchError' }>;

/** The worker's answer to a worked-batch request: the numbers, and the images (`[count * 784]` uint8) and labels they are about. */
export interface WorkedBatchAnswer {
  result: WorkedBatch;
  pixels: Uint8Array;
  labels: Uint8Array;
}

/** Where a class is in the lesson. */
export interface LessonPosition {
  /** 1-based chapter number. */
  chapter: number;
  /** Whether the chapter's answer is shown. */
  revealed: boolean;
}

export interface LessonSlice {
  /** The lesson open now; null: the playground. */
  lesson: LessonPosition | null;
  /** The runs each chapter's experiment started, by chapter number (the latest run of it). */
  lessonRuns: Readonly<Record<number, readonly string[]>>;
  /** Training images per run, as typed in the lesson's field ('': each chapter's own); it holds for every chapter, as a class-wide choice. */
  lessonTrainLimit: string;
  /**
   * Opens chapter `chapter` (1-based; others are ignored): its answer hidden, its experiment's
   * settings in the forms (so "Explore freely" keeps them).
   */
  openLesson(chapter: number): void;
  /** Back to the playground, the forms as the chapter left them. */
  closeLesson(): void;
  /** Shows the answer, or hides it again. */
  toggleAnswer(): void;
  setLessonTrainLimit(text: string): void;
  /**
   * Trains the chapter's experiment: other runs are hidden from the charts, Inside BatchNorm
   * turns to its first run, and the runs measure the loss landscape if the chapter asks. Returns an error message instead when it cannot
   * (another run trains, the data is not ready, the field is wrong); null when it started.
   */
  runChapter(): string | null;
  /** Asks the worker for a worked BatchNorm computation. Rejects with an Error whose message is for the user. */
  askWorkedBatch(request: Omit<WorkedBatchRequest, 'requestId'>): Promise<WorkedBatchAnswer>;
  onLessonEvent(event: LessonEvent): void;
  /** The worker was replaced: requests waiting for it fail with `message`. */
  onWorkedBatchesLost(message: string): void;
}

const BUSY = 'Other runs are training: stop them first (S), then run this chapter.';

export const createLessonSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], LessonSlice> =>
  (set, get) => {
    const pending = pendingRequests<WorkedBatchAnswer>();
    return {
      lesson: null,
      lessonRuns: {},
      lessonTrainLimit: '',
      openLesson(chapter) {
        const found = chapterAt(chapter);
        if (!found) return;
        const { preset } = found.experiment;
        get().loadConfig(preset.base);
        if (preset.comparison) get().loadComparison(preset.comparison);
        set({ lesson: { chapter, revealed: false } });
      },
      closeLesson() {
        set({ lesson: null });
      },
      toggleAnswer() {
        set((s) => (s.lesson ? { lesson: { ...s.lesson, revealed: !s.lesson.revealed } } : {}));
      },
      setLessonTrainLimit(text) {
        set({ lessonTrainLimit: text });
      },
      runChapter() {
        const s = get();
        const chapter = s.lesson ? chapterAt(s.lesson.chapter) : undefined;
        if (!s.lesson || !chapter) return 'No chapter is open.';
        if (s.data.status !== 'ready') return 'The data is still loading.';
        if (hasWaiting(s.runs)) return BUSY;
        const planned = chapterPlanFor(chapter, s.lessonTrainLimit, s.data.trainCount);
        if (!planned.ok) return planned.message;
        // The chapter's charts show its own runs; the others stay in the list, hidden.
        set((st) => ({ runs: st.runs.map((r) => (r.visible ? { ...r, visible: false } : r)) }));
        const ids = get().startPlan(planned.plan, { landscape: chapter.experiment.landscape });
        if (ids.length === 0) return BUSY;
        const n = s.lesson.chapter;
        set((st) => ({ lessonRuns: { ...st.lessonRuns, [n]: ids } }));
        // Inside BatchNorm looks at the experiment's first run (the one with BatchNorm, in every chapter that shows it), beside its partner.
        get().setInsideView({ runId: ids[0] ?? null, pairId: null });
        return null;
      },
      askWorkedBatch(request) {
        return pending.ask((requestId) => deps.client.send({ type: 'workedBatch', requestId, ...request }));
      },
      onLessonEvent(event) {
        switch (event.type) {
          case 'workedBatchResult':
            return pending.resolve(event.requestId, { result: event.result, pixels: event.pixels, labels: event.labels });
          case 'workedBatchError':
            return pending.reject(event.requestId, event.message);
          default: {
            const unknown: never = event;
            throw new Error(`unhandled ${JSON.stringify(unknown)}`);
          }
        }
      },
      onWorkedBatchesLost(message) {
        pending.rejectAll(message);
      },
    };
  };

/** Chapters in the lesson. */
export const CHAPTER_COUNT = CHAPTERS.length;
