import { describe, expect, it } from 'vitest';
import { epochHistory } from '../runs/epochHistory';
import { emptySeries } from '../runs/stepSeries';
import { csvText, historyCsv } from './historyCsv';
import { finishedRun } from './testing/runFixture';

/** A strict RFC 4180 reader, to check that what we write reads back as written. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') {
          cell += '"';
          i += 2;
        } else if (text[i] === '"') break;
        else if (i >= text.length) throw new Error('unterminated quote');
        else cell += text[i++];
      }
      i++;
    } else if (text[i] === ',') {
      row.push(cell);
      cell = '';
      i++;
    } else if (text.startsWith('\r\n', i)) {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 2;
    } else if (text[i] === '"' || text[i] === '\n' || text[i] === '\r') {
      throw new Error(`bare ${JSON.stringify(text[i])} at ${i}`);
    } else cell += text[i++];
  }
  if (cell !== '' || row.length) throw new Error('no CRLF after the last row');
  return rows;
}

describe('historyCsv', () => {
  it('writes one row per run per epoch with the epoch averages Keras reports', () => {
    const run = finishedRun();
    const rows = parseCsv(historyCsv([run, finishedRun({ id: 'b', name: 'plain' })]));
    expect(rows[0]).toEqual(['run_id', 'run_name', 'epoch', 'loss', 'accuracy', 'val_loss', 'val_accuracy', 'elapsed_s']);
    expect(rows).toHaveLength(5);
    const expected = epochHistory(run.series, run.epochs);
    expect(rows[1]).toEqual([run.id, run.name, '1', String(expected[0]!.loss), String(expected[0]!.accuracy), '0.4', '0.875', '0.02']);
    expect(Number(rows[2]![3])).toBe(expected[1]!.loss);
    expect(rows[2]!.slice(5)).toEqual([String(1 / 3), '0.9', '0.04']);
    expect(rows.slice(3).map((r) => r.slice(0, 3))).toEqual([
      ['b', 'plain', '1'],
      ['b', 'plain', '2'],
    ]);
  });

  it('writes only the header when no run has finished an epoch', () => {
    expect(historyCsv([])).toBe('run_id,run_name,epoch,loss,accuracy,val_loss,val_accuracy,elapsed_s\r\n');
    expect(historyCsv([finishedRun({ epochs: [], series: emptySeries() })])).toBe(historyCsv([]));
  });

  it.each([
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\r\nlf', '"cr\r\nlf"'],
    ['ünïcode 🙂', 'ünïcode 🙂'],
    ['', ''],
  ])('quotes %j as RFC 4180 asks', (name, cell) => {
    expect(csvText(name)).toBe(cell);
    expect(parseCsv(historyCsv([finishedRun({ name })]))[1]![1]).toBe(name);
  });

  it.each(['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '=HYPERLINK("http://x", "y")'])('defuses a formula in %j with a leading apostrophe', (name) => {
    expect(parseCsv(historyCsv([finishedRun({ name, id: '-1' })]))[1]!.slice(0, 2)).toEqual(["'-1", `'${name}`]);
  });

  it('leaves metrics that are not finite empty and rounds time to the millisecond', () => {
    const run = finishedRun({ epochs: [{ epoch: 1, step: 0, elapsedMs: 1234.5678, loss: Number.NaN, accuracy: 0.5 }] });
    // An epoch with no steps has no training average (NaN), as a diverged validation loss has none.
    expect(parseCsv(historyCsv([run]))[1]!.slice(2)).toEqual(['1', '', '', '', '0.5', '1.235']);
  });
});
