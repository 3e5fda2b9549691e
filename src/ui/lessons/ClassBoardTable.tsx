import { useMemo } from 'react';
import { runPaletteIndex } from './classBoardLines';
import type { BoardEntry } from '../../store/classBoardSlice';
import { runSummary } from '../../runs/runSummary';
import { RunSwatch } from '../RunSwatch';
import { STATUS_WORDS } from '../statusWords';
import { useApp } from '../StoreContext';

const fixed4 = (x: number | null) => (x === null || !Number.isFinite(x) ? '—' : x.toFixed(4));

/** Best test accuracy first; runs without one last, in import order. */
export function byTestAccuracy(board: readonly BoardEntry[]): BoardEntry[] {
  const acc = (e: BoardEntry) => (e.run.test && Number.isFinite(e.run.test.accuracy) ? e.run.test.accuracy : -1);
  return board
    .map((e, i) => ({ e, i }))
    .sort((a, b) => acc(b.e) - acc(a.e) || a.i - b.i)
    .map(({ e }) => e);
}

/** Every imported run: owner (editable), run, status, test accuracy and loss, best validation accuracy. */
export function ClassBoardTable({ board }: { board: readonly BoardEntry[] }) {
  const setOwner = useApp((s) => s.setBoardOwner);
  const rows = useMemo(() => byTestAccuracy(board).map((e) => ({ e, summary: runSummary(e.run), color: runPaletteIndex(board, e) })), [board]);
  return (
    <table className="summary class-board-table" data-testid="class-board-table">
      <caption>Every imported run, best test accuracy first</caption>
      <thead>
        <tr>
          <th scope="col">Owner</th>
          <th scope="col">Run</th>
          <th scope="col">Status</th>
          <th scope="col" className="num">
            Test accuracy
          </th>
          <th scope="col" className="num">
            Test loss
          </th>
          <th scope="col" className="num">
            Best val_accuracy
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ e, summary, color }) => (
          <tr key={e.key}>
            <td>
              <input
                className="owner-input"
                type="text"
                aria-label={`Owner of ${e.run.name} (from ${e.fileName})`}
                value={e.owner}
                onChange={(ev) => setOwner(e.key, ev.target.value)}
              />
            </td>
            <th scope="row">
              <RunSwatch run={{ colorIndex: color }} /> {e.run.name}
            </th>
            <td>{STATUS_WORDS[e.run.status]}</td>
            <td className="num">{fixed4(summary.testAccuracy)}</td>
            <td className="num">{fixed4(summary.testLoss)}</td>
            <td className="num">{fixed4(summary.bestValAccuracy)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
