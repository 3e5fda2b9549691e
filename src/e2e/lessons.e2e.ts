import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHAPTERS, chapterRunCount, type Chapter, type LessonView } from '../runs/lessons/chapters';
import { exportRunsJson } from '../share/runsFile';
import { finishedRun } from '../share/testing/runFixture';
import { describeViolations, seriousViolations } from './axe';
import { SCREENSHOTS, useApp } from './harness';

const app = useApp();
const DOCS = resolve(import.meta.dirname, '../../docs');
const PROJECTOR = { width: 1280, height: 720 };

const runButton = (page: Page) => page.getByRole('button', { name: /^Run the experiment/ });
const chapterTitle = (page: Page) => page.locator('#chapter-title').textContent();
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
/** The data is in: Run can be pressed. */
const ready = (page: Page) => expect.poll(() => runButton(page).isEnabled(), { timeout: 60_000 }).toBe(true);
const number = (text: string | null) => Number((text ?? '').replace(/[^\d.e+-]/g, ''));

/**
 * The page's y column against the network's, in `mode`: the same to the 4 decimals shown, give or
 * take the last (the page computes in float64 what the network computed in float32).
 */
async function expectSameNumbers(page: Page, mode: 'train' | 'infer'): Promise<void> {
  const ours = (await page.getByTestId(`worked-${mode}-y`).allTextContents()).map(Number);
  const network = (await page.getByTestId(`worked-${mode}-network`).allTextContents()).map(Number);
  expect(ours).toHaveLength(8);
  ours.forEach((y, i) => expect(Math.abs(y - network[i]!)).toBeLessThanOrEqual(1.5e-4));
}

/** Presses Space and waits until every run of the chapter has finished. */
async function runChapter(page: Page, chapter: Chapter, timeout = 240_000): Promise<void> {
  await page.keyboard.press('Space');
  await expect.poll(() => runButton(page).isDisabled(), { timeout: 10_000 }).toBe(true);
  await expect.poll(() => runButton(page).isEnabled(), { timeout }).toBe(true);
  const rows = page.getByTestId('results-table').locator('tbody tr');
  if (chapter.views.includes('results')) expect(await rows.count()).toBe(chapterRunCount(chapter));
}

/** What each view shows once a chapter's experiment has run: real data, not an empty frame. */
const VIEW_CHECKS: Record<LessonView, (page: Page, chapter: Chapter) => Promise<void>> = {
  workedExample: async (page) => {
    // The trained network's numbers: the page's arithmetic meets the network's in every row.
    await expect.poll(() => page.getByLabel('Network').inputValue(), { timeout: 30_000 }).not.toBe('start');
    await expect.poll(() => page.getByTestId('worked-train-network').first().textContent(), { timeout: 30_000 }).toMatch(/\d/);
    await expectSameNumbers(page, 'train');
    await expectSameNumbers(page, 'infer');
  },
  charts: async (page, chapter) => {
    const lines = Math.min(chapterRunCount(chapter), 10);
    await expect.poll(() => page.locator('#loss-chart').getAttribute('data-lines')).toBe(String(lines));
    expect(Number(await page.locator('#loss-chart').getAttribute('data-points'))).toBeGreaterThan(lines);
  },
  results: async (page, chapter) => expect(await page.getByTestId('results-table').locator('tbody tr').count()).toBe(chapterRunCount(chapter)),
  comparison: async (page) => expect(await page.getByTestId('comparison-table').locator('tbody tr').count()).toBeGreaterThan(0),
  inside: async (page) => {
    await expect.poll(() => page.getByTestId('inside-cost').textContent()).toMatch(/^\d+ probes of this run/);
    expect(Number(/^(\d+) probes/.exec((await page.getByTestId('inside-cost').textContent()) ?? '')?.[1])).toBeGreaterThanOrEqual(2);
  },
  scalingNote: async (page) => expect(await page.getByTestId('input-mismatch').first().textContent()).toMatch(/brighter/),
  landscape: async (page) => {
    await expect.poll(() => page.locator('#landscape-lossRange').getAttribute('data-lines')).toBe('2');
    // One measurement at least per run, before the first step (the rest as the time allows).
    expect(Number(await page.locator('#landscape-lossRange').getAttribute('data-points'))).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('landscape-measured').textContent()).toMatch(/loss range \d/);
  },
};

describe('lessons in Chromium', () => {
  it('opens from a link; in presenter mode the arrows turn chapters and focus the card, A shows the answer; passes axe', async () => {
    const { page, errors } = await app.open(PROJECTOR);
    await page.goto(`${app.server.url}?lesson=2&present=1`);
    await ready(page);
    expect(await chapterTitle(page)).toBe('With and without');
    expect(await page.getByTestId('lesson-progress').textContent()).toBe('Chapter 2 of 7');
    expect(await page.locator('.lesson-progress [aria-current="step"]').textContent()).toContain('With and without');
    expect(await focusedId(page)).toBe('chapter-title');
    const violations = await seriousViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);

    await page.keyboard.press('ArrowRight');
    await expect.poll(() => chapterTitle(page)).toBe('Higher learning rates');
    expect(await focusedId(page)).toBe('chapter-title');
    expect(new URL(page.url()).searchParams.get('lesson')).toBe('3');
    await page.keyboard.press('PageUp');
    await expect.poll(() => chapterTitle(page)).toBe('With and without');

    const answer = page.getByTestId('chapter-answer');
    expect(await answer.textContent()).toBe('');
    await page.keyboard.press('a');
    await expect.poll(() => answer.textContent()).toContain('0.9319 with BatchNorm and 0.9241 without');
    expect(await page.getByRole('button', { name: /Hide the answer/ }).getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('a');
    await expect.poll(() => answer.textContent()).toBe('');

    // The shortcuts dialog lists the lesson's keys while a lesson is open.
    await page.keyboard.press('?');
    const rows = await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).locator('tbody tr').allTextContents();
    expect(rows).toContain('AShow or hide the answer');
    await page.keyboard.press('Escape');

    // Explore freely keeps the chapter's experiment in the forms: the tutorial pair, 10,000 images.
    await page.getByRole('button', { name: 'Explore freely from here' }).click();
    await expect.poll(() => page.getByLabel('Training images', { exact: true }).inputValue()).toBe('10000');
    expect(await page.getByLabel('Epochs', { exact: true }).inputValue()).toBe('1');
    expect(new URL(page.url()).searchParams.has('lesson')).toBe(false);
    await page.getByRole('button', { name: 'Lessons', exact: true }).click();
    await expect.poll(() => chapterTitle(page)).toBe('What BatchNorm computes');
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });

  it('chapter 1: the worked computation moves when a value is edited, and comes back', async () => {
    const { page, errors } = await app.open();
    await page.goto(`${app.server.url}?lesson=1`);
    await expect.poll(() => page.getByTestId('worked-mean').count(), { timeout: 60_000 }).toBe(1);
    const mean = () => page.getByTestId('worked-mean').textContent();
    const ys = () => page.getByTestId('worked-train-y').allTextContents();
    const before = { mean: await mean(), ys: await ys(), infer: await page.getByTestId('worked-infer-y').allTextContents() };
    // The network's own outputs are the page's arithmetic.
    await expectSameNumbers(page, 'train');
    await expectSameNumbers(page, 'infer');
    // Add 10 to every input: μ moves by 10, every training-mode y stays, every inference-mode y moves.
    const inputs = page.locator('.worked-input');
    for (let i = 0; i < 8; i++) {
      const x = Number(await inputs.nth(i).inputValue());
      await inputs.nth(i).fill(String(x + 10));
    }
    await expect.poll(async () => number(await mean()) - number(before.mean)).toBeCloseTo(10, 3);
    expect(await ys()).toEqual(before.ys);
    expect(await page.getByTestId('worked-infer-y').allTextContents()).not.toEqual(before.infer);
    expect(await page.getByTestId('worked-train-network').first().textContent()).toBe('—');
    await page.getByRole('button', { name: 'Back to the network’s numbers' }).click();
    await expect.poll(mean).toBe(before.mean);
    await page.getByTestId('worked-example').screenshot({ path: join(SCREENSHOTS, 'lesson-worked.png') });
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });

  it('walks through every chapter by keyboard only: runs each experiment on 320 images, shows its views with data, reveals each answer', async () => {
    const { page, errors } = await app.open(PROJECTOR);
    await page.goto(`${app.server.url}?lesson=1&present=1&limit=320`);
    await ready(page);
    for (const [i, chapter] of CHAPTERS.entries()) {
      expect(await chapterTitle(page)).toBe(chapter.title);
      expect(await focusedId(page)).toBe('chapter-title');
      await runChapter(page, chapter);
      for (const view of chapter.views) await VIEW_CHECKS[view](page, chapter);
      await page.keyboard.press('a');
      await expect.poll(() => page.getByTestId('chapter-answer').textContent()).toBe(chapter.answer.join(''));
      const violations = await seriousViolations(page);
      expect(violations, `chapter ${i + 1}: ${describeViolations(violations)}`).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, `lesson-chapter-${i + 1}.png`) });
      if (i + 1 < CHAPTERS.length) {
        await page.keyboard.press('ArrowRight');
        await expect.poll(() => chapterTitle(page)).toBe(CHAPTERS[i + 1]!.title);
      }
    }
    // Every step of the progress is ticked.
    expect(await page.locator('.lesson-progress .lesson-step-number').allTextContents()).toEqual(Array(7).fill('✓'));
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  }, 600_000);

  it('chapter 7 as it stands: the run with BatchNorm has the smaller loss range, as the caption says (README screenshots)', async () => {
    const { page, errors } = await app.open(PROJECTOR);
    await page.goto(`${app.server.url}?lesson=7&present=1`);
    await ready(page);
    await runChapter(page, CHAPTERS[6]!, 480_000);
    await VIEW_CHECKS.landscape(page, CHAPTERS[6]!);
    // A line each: two measurements at least per run.
    expect(Number(await page.locator('#landscape-lossRange').getAttribute('data-points'))).toBeGreaterThanOrEqual(4);
    const caption = page.getByTestId('landscape-caption');
    expect(await caption.getAttribute('data-bn-smoother')).toBe('true');
    console.log(`lesson chapter 7: ${await page.getByTestId('landscape-measured').textContent()}`);
    mkdirSync(DOCS, { recursive: true });
    await page.keyboard.press('a');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(DOCS, 'lesson-presenter.png') });
    const landscape = page.getByTestId('landscape');
    await landscape.scrollIntoViewIfNeeded();
    await page.mouse.move(1, 1);
    await landscape.screenshot({ path: join(DOCS, 'lesson-smoothness.png') });
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  }, 600_000);

  it('the class board imports three runs files chosen together and a fourth dropped: owners from file names, best test accuracy first, curves overlaid', async () => {
    const { page, errors } = await app.open();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${app.server.url}?lesson=7`);
    await ready(page);
    const file = (name: string, runs: [string, number][]) => ({
      name,
      mimeType: 'application/json',
      buffer: Buffer.from(exportRunsJson(runs.map(([id, accuracy]) => finishedRun({ id, name: `run ${id}`, test: { loss: 1 - accuracy, accuracy } })))),
    });
    await page.getByLabel('Import runs files (choose several, or drop them here)').setInputFiles([
      file('ana.json', [
        ['a1', 0.91],
        ['a2', 0.97],
      ]),
      file('ben.json', [['b1', 0.95]]),
      file('cleo.json', [['c1', 0.88]]),
    ]);
    const table = page.getByTestId('class-board-table');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(4);
    const owners = () => table.locator('.owner-input').evaluateAll((els) => els.map((el) => (el as HTMLInputElement).value));
    expect(await owners()).toEqual(['ana', 'ben', 'ana', 'cleo']);
    expect(await table.locator('tbody th').allTextContents()).toEqual([' run a2', ' run b1', ' run a1', ' run c1']);
    expect(await page.locator('.notice').last().textContent()).toContain('Class board: added 4 runs from 3 files.');
    // The owner is editable; the name sticks to the run.
    await table.getByLabel('Owner of run c1 (from cleo.json)').fill('Cleo M.');
    expect(await owners()).toEqual(['ana', 'ben', 'ana', 'Cleo M.']);

    // A fifth run, dropped onto the board as a file from a folder.
    const text = exportRunsJson([finishedRun({ id: 'd1', name: 'run d1', test: { loss: 0.01, accuracy: 0.99 } })]);
    await page.getByTestId('class-drop').evaluate((zone, json) => {
      const data = new DataTransfer();
      data.items.add(new File([json], 'dev.json', { type: 'application/json' }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, text);
    await expect.poll(() => table.locator('tbody tr').count()).toBe(5);
    expect((await owners())[0]).toBe('dev');
    await expect.poll(() => page.locator('#class-accuracy').getAttribute('data-lines')).toBe('5');
    expect(Number(await page.locator('#class-loss').getAttribute('data-points'))).toBeGreaterThan(0);
    await page.getByTestId('class-board').screenshot({ path: join(SCREENSHOTS, 'lesson-class-board.png') });
    const violations = await seriousViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    // Nothing left the browser: every request went to the page's own server.
    expect(requests.filter((u) => !u.startsWith(app.server.url))).toEqual([]);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });
});
