/**
 * `npm run bench:export`: the tutorial experiment (BN 128/64, Adam 1e-3, one epoch of all 60,000
 * MNIST images) at batch 32 and 256, trained in the browser (Chromium, WebAssembly, through the
 * app) and by its exported PyTorch file: one process, then `torchrun` with 2 processes without and
 * with `--sync-bn`. Prints a Markdown table. A script, not a test: slow numbers never fail it.
 * Needs a built dist/ (npm run build) and Debian's PyTorch (/usr/bin/python3, /usr/bin/torchrun).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, serveDist } from '../e2e/harness';
import { torchrunArgs } from '../export/testing/python';

const MNIST = resolve(import.meta.dirname, '../../public/data/mnist');
const BATCHES = [32, 256];

interface FileRun {
  name: string;
  backend: string | null;
  steps: { loss: number[] };
  epochs: { elapsedMs: number }[];
  test: { accuracy: number } | null;
}

interface Row {
  how: string;
  batch: number;
  run: FileRun;
  note: string;
}

const download = async (page: Page, click: () => Promise<void>) => {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
};

/** Trains the tutorial at `batch` in the app; its run from the runs file and its exported PyTorch script. */
async function browserRun(page: Page, batch: number) {
  await page.getByLabel('Batch size', { exact: true }).fill(String(batch));
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const rows = page.locator('.runs-table tbody tr');
  const last = () => rows.last().locator('td:nth-child(3)').textContent();
  await page.waitForFunction(() => document.querySelectorAll('.runs-table tbody tr').length > 0);
  for (let t = 0; !(await last())?.startsWith('Finished'); t++) {
    if (t > 1200) throw new Error('the browser run did not finish in 10 minutes');
    await page.waitForTimeout(500);
  }
  const runs = await download(page, () => page.getByRole('button', { name: 'Download runs (JSON)' }).click());
  const run = (JSON.parse(runs.text) as { runs: FileRun[] }).runs.at(-1)!;
  await rows
    .last()
    .getByRole('button', { name: /^Export / })
    .click();
  const dialog = page.getByRole('dialog');
  const script = await download(page, () => dialog.getByRole('button', { name: 'Download PyTorch script' }).click());
  await dialog.getByRole('button', { name: 'Close' }).click();
  return { run, script };
}

/** Runs the exported script (`torchrun` with `procs` processes when more than one); its run and its BatchNorm line. */
async function pythonRun(dir: string, script: string, procs: number, syncBn: boolean): Promise<{ run: FileRun; note: string }> {
  const out = `py-${procs}-${syncBn}.runs.json`;
  const args = [script, '--data', MNIST, '--out', out, ...(syncBn ? ['--sync-bn'] : [])];
  const [command, all] = procs === 1 ? ['/usr/bin/python3', [...args, '--threads', '1']] : ['/usr/bin/torchrun', [...(await torchrunArgs(procs)), ...args]];
  const result = spawnSync(command, all, { cwd: dir, encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' }, timeout: 600_000 });
  if (result.status !== 0) throw new Error(`${command} failed:\n${result.stdout}\n${result.stderr}`);
  const note = /BatchNorm moving statistics across the \d+ processes: (.*)/.exec(result.stdout)?.[1] ?? '';
  return { run: (JSON.parse(readFileSync(join(dir, out), 'utf8')) as { runs: FileRun[] }).runs[0]!, note };
}

const table = (rows: Row[]) =>
  [
    '| trained by | batch | epoch time (s) | samples/s | first loss | test accuracy | BatchNorm moving statistics |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map(({ how, batch, run, note }) => {
      const seconds = run.epochs[0]!.elapsedMs / 1000;
      return `| ${how} | ${batch} | ${seconds.toFixed(1)} | ${Math.round(60_000 / seconds).toLocaleString('en-US')} | ${run.steps.loss[0]!.toFixed(4)} | ${run.test!.accuracy.toFixed(4)} | ${note} |`;
    }),
  ].join('\n');

export async function main(): Promise<void> {
  const server = await serveDist();
  const browser = await launchChromium();
  const rows: Row[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(server.url);
    await page.getByText(/60,000 training/).waitFor({ timeout: 60_000 });
    await page.getByLabel('Epochs', { exact: true }).fill('1');
    const dir = mkdtempSync(join(tmpdir(), 'bench-export-'));
    for (const batch of BATCHES) {
      const { run, script } = await browserRun(page, batch);
      rows.push({ how: `browser (${run.backend})`, batch, run, note: '' });
      writeFileSync(join(dir, script.name), script.text);
      for (const [procs, syncBn, how] of [
        [1, false, 'exported PyTorch, 1 process'],
        [2, false, 'torchrun, 2 processes'],
        [2, true, 'torchrun, 2 processes, --sync-bn'],
      ] as const) {
        const { run: py, note } = await pythonRun(dir, script.name, procs, syncBn);
        rows.push({ how, batch, run: py, note });
        console.error(`${how}, batch ${batch}: done`);
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(`${cpus().length} CPU cores (${cpus()[0]?.model ?? 'unknown'}), PyTorch on the CPU, one thread per process.\n`);
  console.log(table(rows));
}
