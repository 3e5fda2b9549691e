import { beforeEach, describe, expect, it } from 'vitest';
import { hasBatchNorm } from '../runs/bnPartner';
import { CHAPTERS, chapterRunCount } from '../runs/lessons/chapters';
import { exportRunsJson } from '../share/runsFile';
import { finishedRun } from '../share/testing/runFixture';
import type { WorkerCommand } from '../worker/protocol';
import { fakeClient } from '../worker/testing/fakeClient';
import { applySharedLink } from './applySharedLink';
import { createAppStore } from './createAppStore';
import { parseDraft } from './draft';

describe('lesson', () => {
  let fake: ReturnType<typeof fakeClient>;
  let store: ReturnType<typeof createAppStore>;
  beforeEach(() => {
    fake = fakeClient();
    store = createAppStore({ client: fake.client, baseUrl: 'http://x/' });
    fake.emit({ type: 'dataReady', trainCount: 60_000, testCount: 10_000 });
  });
  const trains = () => fake.sent.filter((c): c is Extract<WorkerCommand, { type: 'train' }> => c.type === 'train');
  const draftConfig = () => {
    const parsed = parseDraft(store.getState().draft, 60_000);
    if (!parsed.ok) throw new Error('draft does not parse');
    return parsed.config;
  };

  it('opens a chapter from a link, with its experiment in the forms and its answer hidden', () => {
    applySharedLink(store, '?lesson=6&present=1');
    expect(store.getState().lesson).toEqual({ chapter: 6, revealed: false });
    expect(store.getState().presenter).toBe(true);
    // Chapter 6 trains the notebook's pitfall: its training pixels divided by 255 twice.
    expect(draftConfig().train.trainScale).toBe('div255twice');
    expect(store.getState().lessonTrainLimit).toBe('');
    applySharedLink(store, '?lesson=2&limit=640');
    expect(store.getState().lessonTrainLimit).toBe('640');
    // A class-wide choice: the next chapter keeps it.
    store.getState().openLesson(3);
    expect(store.getState().lessonTrainLimit).toBe('640');
    applySharedLink(store, '?lesson=99');
    expect(store.getState().notices.at(-1)!.text).toContain('Ignored "lesson=99": the lesson has chapters 1 to 7');
  });

  it('reveals and hides the answer; another chapter starts hidden; closing keeps the forms', () => {
    store.getState().openLesson(2);
    store.getState().toggleAnswer();
    expect(store.getState().lesson!.revealed).toBe(true);
    store.getState().toggleAnswer();
    store.getState().toggleAnswer();
    store.getState().openLesson(3);
    expect(store.getState().lesson).toEqual({ chapter: 3, revealed: false });
    // The ladder: a learning-rate comparison with each rate also without BatchNorm.
    expect(store.getState().comparison).toMatchObject({ setting: 'learningRate', alsoWithoutBn: true });
    store.getState().openLesson(0);
    store.getState().openLesson(8);
    expect(store.getState().lesson!.chapter).toBe(3);
    store.getState().closeLesson();
    expect(store.getState().lesson).toBeNull();
    expect(store.getState().comparison.setting).toBe('learningRate');
  });

  it('runs the chapter’s experiment on the images asked for, other runs hidden; chapter 7’s runs measure the landscape', () => {
    store.getState().addRuns([finishedRun()]);
    store.getState().openLesson(7);
    store.getState().setLessonTrainLimit('500');
    expect(store.getState().runChapter()).toBeNull();
    const sent = trains();
    expect(sent).toHaveLength(chapterRunCount(CHAPTERS[6]!));
    expect(sent.every((c) => c.landscape === true && c.config.train.trainLimit === 500)).toBe(true);
    expect(sent.map((c) => hasBatchNorm(c.config))).toEqual([true, false]);
    expect(store.getState().lessonRuns[7]).toEqual(sent.map((c) => c.runId));
    expect(store.getState().insideView.runId).toBe(sent[0]!.runId);
    expect(store.getState().runs.find((r) => r.id === finishedRun().id)!.visible).toBe(false);
    // While they train, a second press says why nothing happens.
    expect(store.getState().runChapter()).toMatch(/Other runs are training/);
    expect(trains()).toHaveLength(2);
  });

  it('says what is wrong with the number of training images, and trains nothing', () => {
    store.getState().openLesson(2);
    store.getState().setLessonTrainLimit('lots');
    expect(store.getState().runChapter()).toBe('Training images must be a whole number');
    store.getState().setLessonTrainLimit('70000');
    expect(store.getState().runChapter()).toMatch(/Training images must be at most 60,000/);
    expect(trains()).toHaveLength(0);
    store.getState().setLessonTrainLimit('');
    expect(store.getState().runChapter()).toBeNull();
    // Chapter 2 without landscapes, on its own 10,000 images.
    expect(trains().map((c) => [c.landscape, c.config.train.trainLimit])).toEqual([
      [undefined, 10_000],
      [undefined, 10_000],
    ]);
  });

  it('asks the worker for a worked batch and hands over its answer by request id', async () => {
    const config = CHAPTERS[0]!.experiment.preset.base;
    const answer = store.getState().askWorkedBatch({ runId: null, config, bnLayer: 0, unit: 3, start: 0 });
    const sent = fake.sent.at(-1) as Extract<WorkerCommand, { type: 'workedBatch' }>;
    expect(sent).toMatchObject({ type: 'workedBatch', runId: null, bnLayer: 0, unit: 3 });
    const failing = store.getState().askWorkedBatch({ runId: 'gone', config, bnLayer: 0, unit: 0, start: 0 });
    fake.emit({ type: 'workedBatchError', requestId: sent.requestId + 1, message: 'not in memory' });
    await expect(failing).rejects.toThrow('not in memory');
    const result = { bnLayer: 0, unit: 3, units: 128, start: 0, count: 8 } as never;
    fake.emit({ type: 'workedBatchResult', requestId: sent.requestId, result, pixels: new Uint8Array(8 * 784), labels: new Uint8Array(8) });
    await expect(answer).resolves.toMatchObject({ result: { unit: 3 } });
  });
});

describe('class board', () => {
  const store = () => createAppStore({ client: fakeClient().client, baseUrl: 'http://x/' });
  const file = (name: string, ...runs: Parameters<typeof finishedRun>[0][]) => ({ name, text: exportRunsJson(runs.map((p) => finishedRun(p))) });

  it('imports many files at once, owner = file name, and skips a run already on the board', () => {
    const s = store();
    s.getState().importClassFiles([
      file('ana.json', { id: 'a1', test: { loss: 0.2, accuracy: 0.95 } }, { id: 'a2', test: { loss: 0.3, accuracy: 0.9 } }),
      file('Ben Okoro.JSON', { id: 'b1', test: { loss: 0.1, accuracy: 0.97 } }),
    ]);
    expect(s.getState().classBoard.map((e) => [e.owner, e.run.id])).toEqual([
      ['ana', 'a1'],
      ['ana', 'a2'],
      ['Ben Okoro', 'b1'],
    ]);
    expect(s.getState().notices.at(-1)!.text).toBe('Class board: added 3 runs from 2 files.');
    s.getState().importClassFiles([file('ana.json', { id: 'a1' })]);
    expect(s.getState().classBoard).toHaveLength(3);
    const key = s.getState().classBoard[2]!.key;
    s.getState().setBoardOwner(key, 'Ben');
    expect(s.getState().classBoard[2]!.owner).toBe('Ben');
    s.getState().clearClassBoard();
    expect(s.getState().classBoard).toEqual([]);
  });

  it('names the file that is not a runs file, and the one too large to read, and keeps the rest', () => {
    const s = store();
    s.getState().importClassFiles([{ name: 'notes.txt', text: 'hello' }, { name: 'huge.json', text: null }, file('cleo.json', { id: 'c1' })]);
    expect(s.getState().classBoard.map((e) => e.owner)).toEqual(['cleo']);
    const texts = s.getState().notices.map((n) => n.text);
    expect(texts).toContain('Class board: added 1 run from 1 file.');
    expect(texts.some((t) => t.startsWith('"notes.txt": '))).toBe(true);
    expect(texts.some((t) => t.startsWith('"huge.json" is too large'))).toBe(true);
  });
});
