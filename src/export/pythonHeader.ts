import { DATASET_SPECS } from '../data/datasets';
import { datasetOf } from '../engine/config';
import { RUN_COLORS } from '../runs/runPalette';
import type { ExportSource } from './exportSource';
import { pyLiteral, pyNumber, pyString } from './pythonLiteral';

/** Where each dataset's files can be found besides the playground itself. */
const ORIGINS = { mnist: 'https://yann.lecun.com/exdb/mnist/', fashion: 'https://github.com/zalandoresearch/fashion-mnist' } as const;

export interface HeaderParts {
  framework: 'PyTorch' | 'Keras';
  /** The exported file's own name, for the commands in its docstring. */
  fileName: string;
  /** What it needs installed, one line. */
  needs: string;
  /** How to run it, one command a line (`FILE` stands for the file's name). */
  commands: readonly string[];
  imports: readonly string[];
}

const rule = '# ' + '-'.repeat(94);

/** A section heading in the exported file. */
export const section = (title: string): string => `${rule}\n# ${title}\n${rule}`;

/**
 * The start of an exported script: its docstring (what it is, what it needs, where the data is,
 * how to run it), its imports, and the experiment as Python values. Pure.
 */
export function pythonHeader(source: ExportSource, parts: HeaderParts): string {
  const dataset = DATASET_SPECS[datasetOf(source.config)];
  const seed = source.config.train.seed;
  const changes = source.learningRateMarks.map((m) => `(${m.step}, ${pyNumber(m.learningRate)})`).join(', ');
  return `#!/usr/bin/env python3
"""${source.name.replace(/"""/g, '')}: a BatchNorm Playground experiment, in ${parts.framework}.

It trains what the playground trains: the same layers in the same order, the same settings, and
the same seeded start (the playground's random generator is written out below, so the initial
weights and the order of the batches are the browser's for seed ${seed}). It prints Keras-style
epoch lines and writes its history as a runs file: import it in the playground (Runs, Import
runs (JSON)) to see this run on the charts beside the browser's.

Needs: ${parts.needs}

Data: the four ${dataset.title} files (${Object.values(dataset.files)
    .map((f) => f.name)
    .join(', ')}), as the playground serves them (${dataset.dir} beside its page, public/${dataset.dir} in its repository) or from ${ORIGINS[dataset.id]}.

Run:
${parts.commands.map((c) => `    ${c.replaceAll('FILE', parts.fileName)}`).join('\n')}
"""
${parts.imports.join('\n')}

${section('The experiment, as the playground holds it. Change it to try a variation (the browser has no twin of that).')}

RUN_NAME = ${pyString(source.name)}
FRAMEWORK = '${parts.framework}'
DATA_SOURCE = ${pyString(`the playground's ${dataset.dir} folder, or ${ORIGINS[dataset.id]}`)}
EXPERIMENT = ${pyLiteral(source.config)}
# The run's colour on the playground's charts: the browser run's, dashed.
COLOR_INDEX = ${((source.colorIndex ?? 0) % RUN_COLORS.length) + RUN_COLORS.length}
# Learning rates set while the browser trained: (steps done, new rate), applied before the next step.
LEARNING_RATE_CHANGES = [${changes}]
`;
}
