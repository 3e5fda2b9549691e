import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExportSource } from '../exportSource';
import { exportBaseName } from '../exportName';
import { pytorchFile } from '../pytorchFile';

/** Debian's interpreter, for which Debian's PyTorch is installed (another python3 may come first on PATH). */
export const PYTHON = '/usr/bin/python3';
export const TORCHRUN = '/usr/bin/torchrun';
/** The MNIST files the app ships, which the exported scripts read with --data. */
export const MNIST_DIR = new URL('../../../public/data/mnist/', import.meta.url).pathname;

/** Why PyTorch cannot run here, or null when it can. */
export function torchMissing(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8' });
  return probe.status === 0 ? null : `${PYTHON} cannot import torch: install python3-torch libopenblas0-pthread (.ci/run does). ${probe.stderr ?? ''}`;
}

/**
 * torchrun's arguments for `procs` processes on this machine. Not `--standalone`, whose rendezvous
 * is always port 29400: two runs at once on one machine (two test runs) would collide or merge. And
 * Debian's torchrun (PyTorch 1.13 under Python 3.11) cannot parse its default `--redirects 0`.
 */
export async function torchrunArgs(procs: number): Promise<string[]> {
  const port = await new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
  return [
    '--redirects',
    '2',
    '--tee',
    '2',
    '--nnodes',
    '1',
    '--rdzv_backend',
    'c10d',
    '--rdzv_endpoint',
    `127.0.0.1:${port}`,
    '--nproc_per_node',
    String(procs),
  ];
}

/** Runs a command; its standard output, or an Error with its output when it fails. */
export function run(command: string, args: string[], cwd: string, timeoutMs = 120_000): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, OMP_NUM_THREADS: '1' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Runs a command that should fail; its exit status and standard error. */
export function runFailing(command: string, args: string[], cwd: string): { status: number | null; stderr: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stderr: result.stderr };
}

/** Writes `source`'s PyTorch export into a fresh temporary folder; its path and the folder. */
export function writePytorchExport(source: ExportSource): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bn-export-'));
  const name = `${exportBaseName(source.config)}.pytorch.py`;
  writeFileSync(join(dir, name), pytorchFile(source, name));
  return { dir, file: name };
}

/** Python that prints, for each file named on its command line, its EXPERIMENT and LEARNING_RATE_CHANGES as JSON (read with ast, nothing run). */
const READ_SETTINGS = `
import ast, json, sys
out = []
for path in sys.argv[1:]:
    tree = ast.parse(open(path, encoding='utf-8').read())
    values = {t.id: ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
              for t in node.targets if isinstance(t, ast.Name) and t.id in ('EXPERIMENT', 'LEARNING_RATE_CHANGES', 'RUN_NAME')}
    out.append(values)
print(json.dumps(out))
`;

export interface ExportedSettings {
  EXPERIMENT: unknown;
  LEARNING_RATE_CHANGES: [number, number][];
  RUN_NAME: string;
}

/** Each file's settings as Python reads them; throws if any file does not compile (py_compile). */
export function pythonSettings(dir: string, files: string[]): ExportedSettings[] {
  run(PYTHON, ['-m', 'py_compile', ...files], dir);
  return JSON.parse(run(PYTHON, ['-c', READ_SETTINGS, ...files], dir)) as ExportedSettings[];
}
