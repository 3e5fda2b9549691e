import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useApp } from './harness';

const app = useApp();
const DOCS = resolve(import.meta.dirname, '../../docs');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** A screenshot of `target` alone: scrolled below the sticky run bar, clipped to its box. Saved as docs/inside-NAME.png. */
async function shoot(page: Page, target: Locator, name: string): Promise<void> {
  mkdirSync(DOCS, { recursive: true });
  // Far enough below the sticky run bar (with a pair's status in it) that it covers nothing.
  await target.evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 420));
  // No tooltip: the pointer off the charts.
  await page.mouse.move(1, 1);
  const box = await target.boundingBox();
  if (!box) throw new Error(`${name}: nothing to photograph`);
  await page.screenshot({ path: join(DOCS, `inside-${name}.png`), clip: box });
}

/** Serious and critical axe violations inside `selector` only. */
async function violationsIn(page: Page, selector: string): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async (include) => {
    type Result = { violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }>; passes: unknown[] };
    const axe = (window as unknown as { axe: { run(ctx: { include: string[][] }): Promise<Result> } }).axe;
    const result = await axe.run({ include: [[include]] });
    if (result.passes.length < 5) throw new Error(`axe checked only ${result.passes.length} rules`);
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} @ ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }, selector);
}

/** The numbers of a row of a gradient table (kernel norm, bias norm, bias ÷ kernel). */
async function gradientRow(table: Locator, layer: string): Promise<{ bnNext: string; kernel: number; bias: number }> {
  const cells = await table.getByRole('rowheader', { name: layer }).locator('xpath=..').locator('td').allTextContents();
  return { bnNext: cells[0]!, kernel: Number(cells[1]), bias: Number(cells[2]) };
}

const BN_RUN = 'BN · 128/64 · bs 32 · lr 1e-3';
const PLAIN_RUN = 'no BN · 128/64 · bs 32 · lr 1e-3';

describe('Inside BatchNorm', () => {
  it('shows what the probes saw in the tutorial pair, and the training/inference mode demonstration on its final weights', async () => {
    const { page, errors } = await app.open({ width: 1400, height: 1400 });
    await expect.poll(() => page.getByText('MNIST: 60,000 training / 10,000 test images').count(), { timeout: 60_000 }).toBe(1);
    const section = page.getByTestId('inside-batchnorm');
    expect(await section.getByTestId('inside-no-run').count()).toBe(1);

    // The tutorial pair (BN before ReLU, and the same network without BN) on 4,000 images for one epoch.
    await page.getByLabel('Preset', { exact: true }).selectOption('tutorial-bn');
    await page.getByLabel('Training images', { exact: true }).fill('4000');
    await page.getByLabel('Epochs', { exact: true }).fill('1');
    await page.getByRole('button', { name: 'Train comparison (2 runs)' }).click();
    // Probes arrive while training: the distribution chart grows before the runs end.
    await expect.poll(async () => Number(await section.locator('#inside-dist-run').getAttribute('data-points')), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
    const finished = async () => {
      const s = await page.getByTestId('run-status').allTextContents();
      return s.length === 2 && s.every((t) => t.startsWith('Finished'));
    };
    await expect.poll(finished, { timeout: 170_000 }).toBe(true);

    // The run with BN, and its twin beside it, chosen without asking.
    expect(await section.getByLabel('Inside run', { exact: true }).locator('option:checked').textContent()).toBe(BN_RUN);
    expect(await section.getByLabel('Beside it', { exact: true }).locator('option:checked').textContent()).toBe(`Its twin without BatchNorm: ${PLAIN_RUN}`);
    // Probes at 0, 100 (unless probes were slow: software WebGL) and 125 steps (the last), for both runs.
    const probesOf = async (id: string) => Number(await section.locator(`#${id}`).getAttribute('data-points'));
    const count = await probesOf('inside-dist-run');
    expect(count === 2 || count === 3).toBe(true);
    expect([2, 3]).toContain(await probesOf('inside-dist-pair'));
    // Each chart takes the latest probes in a task of its own: they catch up.
    await expect.poll(() => probesOf('inside-mean')).toBe(count);
    await expect.poll(() => probesOf('inside-modes')).toBe(count);
    expect(await probesOf('inside-gamma-beta')).toBe(128);
    // Drawn: a band and lines in each distribution chart, bars for gamma and beta. Charts are drawn once scrolled near (one per frame).
    for (const id of ['inside-dist-run', 'inside-dist-pair']) {
      await section.locator(`#${id}`).scrollIntoViewIfNeeded();
      await expect.poll(() => section.locator(`#${id} path.inside-band`).count()).toBe(1);
      expect(await section.locator(`#${id} path.inside-line`).count()).toBe(4);
      expect(await section.locator(`#${id} path.inside-line`).evaluateAll((paths) => paths.every((p) => (p.getAttribute('d') ?? '').includes('L')))).toBe(true);
    }
    await section.locator('#inside-gamma-beta').scrollIntoViewIfNeeded();
    await expect.poll(async () => Number(await section.locator('#inside-gamma-beta .inside-bars').getAttribute('data-bars')), { timeout: 10_000 }).toBe(256);
    const cost = (await section.getByTestId('inside-cost').textContent())!;
    const share = Number(/took ([\d.]+)% of its training time/.exec(cost)?.[1]);
    console.log(`Inside BatchNorm, probe cost in the browser: ${cost}`);
    expect(cost).toMatch(
      new RegExp(`^${count} probes of this run, at most one every 100 steps \\(fewer where probes are slow\\); they took [\\d.]+% of its training time\\.$`),
    );
    expect(share).toBeGreaterThan(0);

    // The bias right before BN gets (almost) no gradient; without BN it gets as much as any weight.
    const runTable = section.locator('#inside-grads-run');
    const pairTable = section.locator('#inside-grads-pair');
    const bnLayer = await gradientRow(runTable, 'Hidden layer 1 (128 units)');
    const plainLayer = await gradientRow(pairTable, 'Hidden layer 1 (128 units)');
    const output = await gradientRow(runTable, 'Output layer (10 units)');
    console.log(
      `bias/kernel gradient norms, hidden layer 1: with BN ${bnLayer.bias}/${bnLayer.kernel}, without ${plainLayer.bias}/${plainLayer.kernel}; output ${output.bias}/${output.kernel}`,
    );
    expect(bnLayer.bnNext).toBe('yes: bias redundant');
    expect(plainLayer.bnNext).toBe('no');
    expect(bnLayer.kernel).toBeGreaterThan(0);
    expect(bnLayer.bias / bnLayer.kernel).toBeLessThan(1e-3);
    expect(plainLayer.bias / plainLayer.kernel).toBeGreaterThan(1e-2);
    expect(output.bias).toBeGreaterThan(0);

    // Choosing another layer and unit redraws from that layer's probes.
    await section.getByLabel('Layer', { exact: true }).selectOption('1');
    expect(await section.getByLabel('Unit', { exact: true }).locator('option').count()).toBe(64);
    await section.getByLabel('Unit', { exact: true }).selectOption('9');
    await expect.poll(() => section.getByRole('figure', { name: `${BN_RUN}: unit 10`, exact: true }).count()).toBe(1);
    expect(await probesOf('inside-gamma-beta')).toBe(64);
    await section.getByLabel('Layer', { exact: true }).selectOption('0');
    await section.getByLabel('Unit', { exact: true }).selectOption('0');

    // The demonstration on the final weights: a batch of only 7s, and batches of 2.
    await section.getByLabel('Class of the one-class batch', { exact: true }).selectOption('7');
    await section.getByRole('button', { name: 'Score in both modes' }).click();
    const result = section.getByTestId('mode-demo-result');
    await expect.poll(() => result.textContent(), { timeout: 60_000 }).toMatch(/In training mode/);
    const text = (await result.textContent())!;
    console.log(`mode demo: ${text}`);
    const one = /a batch of only 7s \((\d+) images\) scores ([\d.]+); the same images in inference mode score ([\d.]+)\./.exec(text);
    const pairs = /In batches of 2 \(128 images\), training mode scores ([\d.]+) and inference mode ([\d.]+)\./.exec(text);
    expect(one).not.toBeNull();
    expect(pairs).not.toBeNull();
    // Test images of class 7 among the first 10,000: 1,028, of which the first 128 are used.
    expect(Number(one![1])).toBe(128);
    // After 125 steps the moving statistics still hold 0.99^125 ≈ 28% of their start, so inference mode is
    // not yet at its best; training mode on a batch unlike the data is far worse still.
    expect(Number(one![2])).toBeLessThan(Number(one![3]) - 0.2);
    expect(Number(pairs![1])).toBeLessThan(Number(pairs![2]) - 0.1);

    // Screenshots for the README, each looked at.
    await shoot(page, section.getByRole('region', { name: 'Distributions over training' }), 'distributions');
    await shoot(page, section.getByRole('region', { name: 'Batch statistics against moving statistics' }), 'statistics');
    await shoot(page, section.getByRole('region', { name: 'Training mode against inference mode' }), 'modes');
    await shoot(page, section.getByRole('region', { name: 'A bias right before BatchNorm learns nothing' }), 'bias');

    expect(await violationsIn(page, '[data-testid="inside-batchnorm"]')).toEqual([]);
    expect(errors).toEqual([]);
  }, 240_000);

  it('BN momentum and epsilon: in the Model panel with their hints, checked, and carried by the share link', async () => {
    const { page, errors } = await app.open();
    const momentum = page.getByLabel('BN momentum', { exact: true });
    const epsilon = page.getByLabel('BN epsilon', { exact: true });
    expect(await momentum.inputValue()).toBe('0.99');
    expect(await epsilon.inputValue()).toBe('0.001');
    expect(await page.getByText("Keras 0.99; PyTorch's momentum=0.1 means 0.9 here").count()).toBe(1);
    const link = page.getByLabel('Link to this experiment', { exact: true });
    // At the Keras defaults the link leaves them out, as links made before these settings did.
    expect(await link.inputValue()).not.toMatch(/bnmom|bneps/);
    await momentum.fill('1');
    await expect.poll(() => page.getByText('BN momentum must be less than 1 (at 1 the moving statistics never learn)').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Train', exact: true }).isDisabled()).toBe(true);
    await momentum.fill('0.9');
    await epsilon.fill('1e-5');
    await expect.poll(() => link.inputValue()).toMatch(/&bnmom=0\.9&bneps=0\.00001$/);
    // The link opens with them set.
    const opened = await app.browser.newPage();
    await opened.goto(await link.inputValue());
    expect(await opened.getByLabel('BN momentum', { exact: true }).inputValue()).toBe('0.9');
    expect(await opened.getByLabel('BN epsilon', { exact: true }).inputValue()).toBe('0.00001');
    await opened.close();
    expect(errors).toEqual([]);
  }, 60_000);
});
