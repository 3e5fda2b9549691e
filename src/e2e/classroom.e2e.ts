import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { describeViolations, seriousViolations } from './axe';
import { SCREENSHOTS, useApp } from './harness';

const app = useApp();

const PROJECTOR = { width: 1280, height: 720 };
const PHONE = { width: 390, height: 844 };

const loaded = (page: Page) => expect.poll(() => page.getByText(/60,000 training/).count(), { timeout: 60_000 }).toBe(1);
const runStatus = (page: Page) => page.getByTestId('run-status').textContent();
const heading = (page: Page, name: string) => page.getByRole('heading', { name, exact: true });

/** Whether the element lies wholly inside the viewport (it needs no scrolling either way). */
const inViewport = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
    }),
  );

const horizontalOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - innerWidth);

/** Takes focus out of any field, as a click on the page's background would. */
const blur = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

describe('classroom use in Chromium', () => {
  it('lists the shortcuts on ? and the header button; Space pauses and resumes, T trains, S stops; Space in a field types', async () => {
    const { page, errors } = await app.open();
    await loaded(page);
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await page.keyboard.press('?');
    await expect.poll(() => help.isVisible()).toBe(true);
    const rows = await help.locator('tbody tr').allTextContents();
    expect(rows).toEqual([
      'SpacePause or resume training',
      'TTrain (as the Train button)',
      'SStop training and cancel the queue',
      '?Show or hide this list of shortcuts',
    ]);
    const violations = await seriousViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.keyboard.press('?');
    await expect.poll(() => help.isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await expect.poll(() => help.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => help.isVisible()).toBe(false);

    await page.getByLabel('Backend').selectOption('wasm');
    await expect.poll(() => page.getByTestId('backend').textContent(), { timeout: 30_000 }).toMatch(/^wasm/);
    await page.getByLabel('Training images', { exact: true }).fill('2000');
    await page.getByLabel('Epochs', { exact: true }).fill('3');
    // A T typed into a field is a T in the field, not Train.
    await page.getByLabel('Epochs', { exact: true }).press('t');
    expect(await page.getByLabel('Epochs', { exact: true }).inputValue()).toBe('3t');
    await page.getByLabel('Epochs', { exact: true }).fill('3');
    expect(await page.getByTestId('run-status').count()).toBe(0);

    await blur(page);
    await page.keyboard.press('t');
    await expect.poll(() => runStatus(page), { timeout: 30_000 }).toBe('Training');
    await page.keyboard.press('Space');
    await expect.poll(() => runStatus(page), { timeout: 30_000 }).toBe('Paused');
    // Space typed into the learning rate is a space in the field: the run stays paused.
    const lr = page.getByLabel('Learning rate', { exact: true });
    await lr.press('Space');
    await page.waitForTimeout(300);
    expect(await runStatus(page)).toBe('Paused');
    expect((await lr.inputValue()).trim()).toBe('0.001');
    expect(await lr.inputValue()).toContain(' ');
    await lr.fill('0.001');
    await blur(page);
    await page.keyboard.press('Space');
    await expect.poll(() => runStatus(page), { timeout: 30_000 }).toBe('Training');
    await page.keyboard.press('s');
    await expect.poll(() => runStatus(page), { timeout: 30_000 }).toMatch(/^(Stopped|Finished)$/);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });

  it('presenter mode enlarges the type, hides the advanced panels, stays on after a reload and passes axe', async () => {
    const { page, errors } = await app.open(PROJECTOR);
    await loaded(page);
    const fontSize = () => page.locator('h2', { hasText: 'Presets' }).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    const normal = await fontSize();
    expect(await heading(page, 'Share').count()).toBe(1);
    expect(await page.locator('caption', { hasText: 'Model summary' }).count()).toBe(1);

    await page.getByRole('switch', { name: 'Presenter mode', exact: true }).check();
    await expect.poll(fontSize).toBeGreaterThanOrEqual(normal * 1.3);
    expect(await heading(page, 'Share').count()).toBe(0);
    expect(await page.locator('caption', { hasText: 'Model summary' }).count()).toBe(0);
    expect(await page.getByLabel('Backend').count()).toBe(0);
    // What the class watches stays: presets, the BatchNorm switches, Train, both charts.
    expect(await heading(page, 'Presets').count()).toBe(1);
    expect(await page.getByRole('switch', { name: 'BatchNorm', exact: true }).count()).toBe(2);
    expect(new URL(page.url()).searchParams.get('present')).toBe('1');

    await page.reload();
    await loaded(page);
    expect(await page.getByRole('switch', { name: 'Presenter mode', exact: true }).isChecked()).toBe(true);
    expect(await fontSize()).toBeGreaterThanOrEqual(normal * 1.3);
    // Even in large type, a 1280×720 projector shows Train and both charts whole.
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await inViewport(page, '.run-controls button.primary')).toEqual([true]);
    expect(await inViewport(page, 'figure.chart')).toEqual([true, true]);
    await page.screenshot({ path: join(SCREENSHOTS, 'classroom-presenter.png') });
    const violations = await seriousViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);

    await page.getByRole('switch', { name: 'Presenter mode', exact: true }).uncheck();
    await expect.poll(fontSize).toBe(normal);
    expect(await heading(page, 'Share').count()).toBe(1);
    expect(new URL(page.url()).searchParams.has('present')).toBe(false);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });

  it('a link hides the controls it names and keeps their values silently; an unknown name gets a notice', async () => {
    const { page, errors } = await app.open();
    await page.goto(`${app.server.url}?hide=share,compare&bs=64`);
    await loaded(page);
    expect(await page.getByLabel('Batch size', { exact: true }).inputValue()).toBe('64');
    expect(await heading(page, 'Share').count()).toBe(0);
    expect(await heading(page, 'Compare').count()).toBe(0);
    expect(await heading(page, 'Training').count()).toBe(1);
    expect(await page.locator('.notice').count()).toBe(0);

    await page.goto(`${app.server.url}?hide=evil`);
    await expect.poll(() => page.locator('.notice').textContent()).toContain('Ignored "hide=evil": there is no control called "evil" to hide');
    expect(await heading(page, 'Share').count()).toBe(1);

    // The Share panel builds such a link.
    await page.getByRole('button', { name: 'Batch size', exact: true }).click();
    await page.getByRole('button', { name: 'Runs list', exact: true }).click();
    const link = await page.getByLabel('Link to this experiment').inputValue();
    expect(link).toMatch(/&hide=batchsize,runs$/);
    await page.goto(link);
    await loaded(page);
    expect(await page.getByLabel('Batch size', { exact: true }).count()).toBe(0);
    expect(await heading(page, 'Runs').count()).toBe(0);
    expect(await page.locator('.notice').count()).toBe(0);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });

  it('fits a 1280×720 projector and a phone without scrolling sideways, Train near the top', async () => {
    const { page, errors } = await app.open(PROJECTOR);
    await loaded(page);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await inViewport(page, '.run-controls button.primary')).toEqual([true]);
    expect(await inViewport(page, 'figure.chart')).toEqual([true, true]);
    await page.screenshot({ path: join(SCREENSHOTS, 'classroom-projector.png') });
    await page.close();

    const phone = await app.open(PHONE);
    await loaded(phone.page);
    expect(await horizontalOverflow(phone.page)).toBeLessThanOrEqual(0);
    expect(await inViewport(phone.page, '.run-controls button.primary')).toEqual([true]);
    const train = await phone.page.getByRole('button', { name: 'Train', exact: true }).boundingBox();
    expect(train!.y).toBeLessThan(PHONE.height / 2);
    await phone.page.screenshot({ path: join(SCREENSHOTS, 'classroom-phone.png') });
    // Nothing further down the page is wider than the screen either.
    await phone.page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    expect(await horizontalOverflow(phone.page)).toBeLessThanOrEqual(0);
    expect([...errors, ...phone.errors], [...errors, ...phone.errors].join('\n')).toEqual([]);
    await phone.page.close();
  });

  it('stops the switches moving when the system asks for reduced motion', async () => {
    const { page, errors } = await app.open();
    const durations = () =>
      page
        .locator('.switch-track')
        .first()
        .evaluate((el) => [getComputedStyle(el).transitionDuration, getComputedStyle(el, '::after').transitionDuration]);
    expect(await durations()).toEqual(['0.15s', '0.15s']);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await durations()).toEqual(['0s', '0s']);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });
});
