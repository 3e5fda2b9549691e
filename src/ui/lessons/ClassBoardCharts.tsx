import { useMemo } from 'react';
import type { BoardEntry } from '../../store/classBoardSlice';
import { selectPresenter } from '../../store/selectors';
import { MetricChart } from '../MetricChart';
import { niceTicks } from '../seriesGeometry';
import { useApp } from '../StoreContext';
import { fittedTicks } from '../TrainingCharts';
import { boardLine } from './classBoardLines';

/** Every board run's accuracy and loss over training, overlaid, against epochs. */
export function ClassBoardCharts({ board }: { board: readonly BoardEntry[] }) {
  const large = useApp(selectPresenter);
  const charts = useMemo(() => {
    const accuracy = board.map((e) => boardLine(board, e, 'accuracy'));
    const loss = board.map((e) => boardLine(board, e, 'loss'));
    const xMax = Math.max(1, ...board.map((e) => e.run.config.train.epochs));
    return [
      { id: 'class-accuracy', title: 'Class board: accuracy', yLabel: 'Accuracy', lines: accuracy, yTicks: niceTicks(1), xMax },
      { id: 'class-loss', title: 'Class board: loss', yLabel: 'Loss', lines: loss, yTicks: fittedTicks(loss), xMax },
    ];
  }, [board]);
  return (
    <div className="class-board-charts">
      {charts.map((c) => (
        <MetricChart
          key={c.id}
          id={c.id}
          title={c.title}
          yLabel={c.yLabel}
          xLabel="Epoch"
          lines={c.lines}
          marks={[]}
          xMax={c.xMax}
          integerX={false}
          yTicks={c.yTicks}
          large={large}
        />
      ))}
    </div>
  );
}
