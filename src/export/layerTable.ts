import { isBuiltKind, type BuiltKind } from '../engine/layers/registry';
import { inferShapes } from '../engine/layers/shapes';
import { INPUT_SHAPE, type LayerSpec, type Shape } from '../engine/layers/spec';

/**
 * Each exporter keeps one entry per layer kind, in a table typed `{ [K in BuiltKind]: Entry<SpecOf<K>> }`
 * as `registry.ts` lists the engine's defs: a new kind does not compile until every exporter has its entry.
 */
export type SpecOf<K extends BuiltKind> = LayerSpec & { kind: K };

/** The entry of `spec`'s kind, for any spec. Throws for a kind that is designed but not built (no schema lets one through). */
export function entryFor<E>(table: Readonly<Record<BuiltKind, unknown>>, spec: LayerSpec): E {
  if (!isBuiltKind(spec.kind)) throw new Error(`The ${spec.kind} layer cannot be exported yet.`);
  return table[spec.kind] as E;
}

/** A layer of a list with its position and the shapes around it (without the batch axis). */
export interface PlacedLayer {
  spec: LayerSpec;
  index: number;
  inShape: Shape;
  outShape: Shape;
  /** Whether it is the list's last layer (the logits). */
  last: boolean;
}

/** The layers of a valid list, placed; throws with the schema's message for an impossible one. */
export function placeLayers(layers: readonly LayerSpec[]): PlacedLayer[] {
  const shapes = inferShapes(layers);
  if (!shapes.ok) throw new Error(shapes.message);
  return layers.map((spec, index) => ({
    spec,
    index,
    inShape: index === 0 ? INPUT_SHAPE : shapes.shapes[index - 1]!,
    outShape: shapes.shapes[index]!,
    last: index === layers.length - 1,
  }));
}
