import { runColor, runDash } from '../../runs/runPalette';
import { thinSeries } from '../../runs/thin';
import { xForStep } from '../../runs/xAxis';
import type { BoardEntry } from '../../store/classBoardSlice';
import type { ChartLine } from '../chartLine';

/** A board run's colour: its place on the board, so runs from different files never share one (a student's own colour means nothing here). */
export const runPaletteIndex = (board: readonly BoardEntry[], entry: BoardEntry): number => board.indexOf(entry);

/** Points per line: a board may overlay a whole class. */
const BUCKETS = 150;

/** A board run's smoothed training accuracy (or loss) and validation points against epochs, named by owner and run. */
export function boardLine(board: readonly BoardEntry[], entry: BoardEntry, metric: 'accuracy' | 'loss'): ChartLine {
  const { run } = entry;
  const s = run.series;
  const [raw, smooth] = metric === 'accuracy' ? [s.accuracy, s.accuracySmooth] : [s.loss, s.lossSmooth];
  const color = runPaletteIndex(board, entry);
  return {
    id: entry.key,
    name: `${entry.owner || entry.fileName}: ${run.name}`,
    color: runColor(color),
    dash: runDash(color),
    points: thinSeries(raw, smooth, s.length, BUCKETS).map((p) => ({ x: xForStep(run, 'epoch', p.step), raw: p.raw, smooth: p.smooth })),
    validation: run.epochs.map((e) => ({ x: xForStep(run, 'epoch', e.step), value: metric === 'accuracy' ? e.accuracy : e.loss })),
    diverged: run.status === 'diverged',
  };
}
