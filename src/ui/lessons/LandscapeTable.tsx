import { LANDSCAPE_BATCH_SIZE } from '../../engine/landscapeSchedule';
import type { Probe } from '../../engine/probe';
import { landscapesOf } from '../../runs/lessons/smoothness';
import type { RunRecord } from '../../runs/runRecord';
import { RunSwatch } from '../RunSwatch';

const f = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '—');

interface LandscapeTableProps {
  pair: { bn: RunRecord; plain: RunRecord; bnProbes: readonly Probe[]; plainProbes: readonly Probe[] };
}

/** The latest measurement of each run, step size by step size: the loss at w − η·g, as the plot's range summarises it. */
export function LandscapeTable({ pair }: LandscapeTableProps) {
  const rows = [
    { run: pair.bn, last: landscapesOf(pair.bnProbes).at(-1) },
    { run: pair.plain, last: landscapesOf(pair.plainProbes).at(-1) },
  ];
  const sizes = rows.find((r) => r.last)?.last?.landscape.stepSizes ?? [];
  return (
    <table className="summary landscape-table" data-testid="landscape-table">
      <caption>Loss on the first {LANDSCAPE_BATCH_SIZE} training images along the gradient, at each run’s latest measurement</caption>
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col" className="num">
            Step
          </th>
          <th scope="col" className="num">
            η = 0
          </th>
          {sizes.map((s) => (
            <th key={s} scope="col" className="num">
              η = {s}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(({ run, last }) => (
          <tr key={run.id}>
            <th scope="row">
              <RunSwatch run={run} /> {run.name}
            </th>
            <td className="num">{last?.step ?? '—'}</td>
            <td className="num">{last ? f(last.landscape.loss) : '—'}</td>
            {sizes.map((s, i) => (
              <td key={s} className="num">
                {last ? f(last.landscape.losses[i] ?? Number.NaN) : '—'}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
