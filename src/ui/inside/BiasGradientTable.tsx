import { formatValue } from './insideFormat';
import type { GradientRow } from './probeViews';

interface BiasGradientTableProps {
  id: string;
  /** Whose gradients, e.g. the run's name and the step of the probe. */
  caption: string;
  rows: GradientRow[];
}

/** Per weight layer (Conv2D, Dense): the gradient norms (L2) of its kernel and its bias, and whether BatchNorm comes right after it. */
export function BiasGradientTable({ id, caption, rows }: BiasGradientTableProps) {
  return (
    <table className="inside-table" id={id}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Layer</th>
          <th scope="col">BatchNorm next</th>
          <th scope="col">Kernel gradient</th>
          <th scope="col">Bias gradient</th>
          <th scope="col">Bias ÷ kernel</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.name} className={r.bnNext ? 'bias-redundant' : undefined}>
            <th scope="row">{r.name}</th>
            <td>{r.bnNext ? 'yes: bias redundant' : 'no'}</td>
            <td className="num">{formatValue(r.kernel)}</td>
            <td className="num">{formatValue(r.bias)}</td>
            <td className="num">{r.kernel > 0 ? formatValue(r.bias / r.kernel) : 'n/a'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
