import { placeLayers, type PlacedLayer } from './layerTable';

/** One layer of an exported model: its constructor call, and comment lines on how its settings carry over. */
export interface PythonLayer {
  /** The constructor call, e.g. `nn.Linear(784, 128)`. */
  code: string;
  /** Each convention converted (or kept) from the playground's, one comment line each. */
  notes: readonly string[];
}

/**
 * The lines of a model's layer list, `indent` deep: each layer's call with its index, preceded by
 * its notes the first time each appears (a repeated conversion is not explained twice). Pure.
 */
export function layerLines(layers: Parameters<typeof placeLayers>[0], write: (layer: PlacedLayer) => PythonLayer, logits: string, indent = 8): string {
  const pad = ' '.repeat(indent);
  const said = new Set<string>();
  return placeLayers(layers)
    .flatMap((layer) => {
      const { code, notes } = write(layer);
      const fresh = notes.filter((n) => !said.has(n));
      fresh.forEach((n) => said.add(n));
      return [...fresh.map((n) => `${pad}# ${n}`), `${pad}${code},  # ${layer.index}${layer.last ? `: ${logits}` : ''}`];
    })
    .join('\n');
}
