import type { RunRecord } from '../runs/runRecord';
import { epochHistory } from '../runs/epochHistory';

export const HISTORY_CSV_HEADER = ['run_id', 'run_name', 'epoch', 'loss', 'accuracy', 'val_loss', 'val_accuracy', 'elapsed_s'] as const;

/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP's list: tab and carriage
 * return too). Such a cell gets a leading apostrophe, which Excel and Sheets hide.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One text cell, RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled. */
export function csvText(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A number cell at full precision; empty when not finite (pandas reads an empty cell as NaN). */
const csvNumber = (value: number): string => (Number.isFinite(value) ? String(value) : '');

/**
 * Keras-style training history of every run, one row per run per epoch, as `CSVLogger` writes it
 * plus the run's id and name: `loss`/`accuracy` are the epoch's training averages, `val_*` the
 * validation after it, `elapsed_s` training seconds (pauses left out) to the millisecond. Rows end
 * in CRLF (RFC 4180); runs without a finished epoch have no rows.
 */
export function historyCsv(runs: RunRecord[]): string {
  const lines = [HISTORY_CSV_HEADER.join(',')];
  for (const run of runs) {
    const id = csvText(run.id);
    const name = csvText(run.name);
    for (const row of epochHistory(run.series, run.epochs)) {
      lines.push(
        [
          id,
          name,
          String(row.epoch),
          csvNumber(row.loss),
          csvNumber(row.accuracy),
          csvNumber(row.valLoss),
          csvNumber(row.valAccuracy),
          csvNumber(Math.round(row.elapsedMs) / 1000),
        ].join(','),
      );
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
