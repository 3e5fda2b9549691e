import { describe, expect, it } from 'vitest';
import { parseExperiment } from '../../engine/schema';
import { bnPartner, hasBatchNorm } from '../bnPartner';
import { blankRun } from '../testing/blankRun';
import { LESSON_VIEWS } from './chapter';
import { chapterAt, chapterPlan, chapterPlanFor, CHAPTERS, chapterTrainLimit } from './chapters';
import { batchNormInferWorking, batchNormTrainWorking, nextMoving } from './workedBatchNorm';

describe('the lesson’s chapters', () => {
  it('are seven, with unique ids, text, a question, an answer and known views', () => {
    expect(CHAPTERS).toHaveLength(7);
    expect(new Set(CHAPTERS.map((c) => c.id)).size).toBe(7);
    for (const c of CHAPTERS) {
      expect(c.id).toMatch(/^[a-z-]+$/);
      expect(c.paragraphs.length).toBeGreaterThan(0);
      expect(c.question.length).toBeGreaterThan(10);
      expect(c.answer.length).toBeGreaterThan(0);
      expect(c.views.length).toBeGreaterThan(0);
      expect(c.views.every((v) => (LESSON_VIEWS as readonly string[]).includes(v))).toBe(true);
    }
    expect(chapterAt(1)).toBe(CHAPTERS[0]);
    expect([chapterAt(0), chapterAt(8), chapterAt(1.5)]).toEqual([undefined, undefined, undefined]);
  });

  it.each(CHAPTERS.map((c, i) => [i + 1, c] as const))('chapter %i trains only experiments the schema accepts', (_, chapter) => {
    for (const config of chapterPlan(chapter).flat()) expect(parseExperiment(config, 60_000)).toMatchObject({ ok: true });
  });

  it('sets every run of a chapter to the training images asked for', () => {
    const ladder = CHAPTERS[2]!;
    expect(chapterTrainLimit(ladder)).toBe(10_000);
    const plan = chapterPlanFor(ladder, ' 400 ', 60_000);
    expect(plan.ok && plan.plan.flat().map((c) => c.train.trainLimit)).toEqual(Array(10).fill(400));
    // The chapter itself is not changed.
    expect(chapterPlan(ladder).flat()[0]!.train.trainLimit).toBe(10_000);
    expect(chapterPlanFor(ladder, '0', 60_000)).toMatchObject({ ok: false, message: expect.stringMatching(/Training images/) });
  });

  it('chapter 7 trains a pair that differs only in BatchNorm and measures the landscape; only chapter 7 does', () => {
    const seventh = CHAPTERS[6]!;
    expect(CHAPTERS.filter((c) => c.experiment.landscape)).toEqual([seventh]);
    expect(seventh.views[0]).toBe('landscape');
    const [[a, b]] = chapterPlan(seventh) as [[never, never]];
    const [withBn, without] = [blankRun({ id: 'a', config: a }), blankRun({ id: 'b', config: b })];
    expect(hasBatchNorm(withBn.config)).toBe(true);
    expect(bnPartner(withBn, [withBn, without])).toBe(without);
  });
});

describe('BatchNorm worked by hand', () => {
  it('computes the batch mean, biased variance, x̂ and y as the tutorial writes them', () => {
    // 1, 2, 3, 6: mean 3, variance (4 + 1 + 0 + 9) / 4 = 3.5.
    const w = batchNormTrainWorking([1, 2, 3, 6], 2, 0.5, 0.001);
    expect(w.mean).toBe(3);
    expect(w.variance).toBe(3.5);
    expect(w.std).toBeCloseTo(Math.sqrt(3.501), 12);
    expect(w.deviations).toEqual([-2, -1, 0, 3]);
    expect(w.normalised[3]).toBeCloseTo(3 / Math.sqrt(3.501), 12);
    expect(w.outputs[0]).toBeCloseTo(2 * (-2 / Math.sqrt(3.501)) + 0.5, 12);
  });

  it('undoes a shift the whole batch shares in training mode, but not in inference mode', () => {
    const xs = [0.3, -1.2, 2.5, 0.9];
    const shifted = xs.map((x) => x + 10);
    expect(batchNormTrainWorking(shifted, 1.5, 0.2, 1e-3).outputs.map((y) => y.toFixed(9))).toEqual(
      batchNormTrainWorking(xs, 1.5, 0.2, 1e-3).outputs.map((y) => y.toFixed(9)),
    );
    const before = batchNormInferWorking(xs, 0.5, 2, 1.5, 0.2, 1e-3).normalised;
    const after = batchNormInferWorking(shifted, 0.5, 2, 1.5, 0.2, 1e-3).normalised;
    after.forEach((n, i) => expect(n - before[i]!).toBeCloseTo(10 / Math.sqrt(2.001), 9));
  });

  it('moves the moving statistics as Keras does', () => {
    expect(nextMoving(0, 3, 0.99)).toBeCloseTo(0.03, 12);
    expect(nextMoving(1, 3.5, 0.9)).toBeCloseTo(1.25, 12);
  });
});
