import { useMemo } from 'react';
import type { ConvBlockMaps, MapStage } from '../../engine/featureMaps';
import type { LayerSpec } from '../../engine/layers/spec';
import { formatValue } from '../inside/insideFormat';
import { channelRanges, channelValues, greyPixels, stageTitle, type GreyMode, type Range } from './mapImages';
import { PixelCanvas } from './PixelCanvas';

/** CSS pixels a map is drawn at, about: 28×28 at 2 per value, 14×14 at 4, 5×5 at 11. */
const MAP_PX = 56;

interface FeatureMapBlockProps {
  layers: readonly LayerSpec[];
  block: ConvBlockMaps;
  /** 0-based among the conv blocks. */
  index: number;
  mode: GreyMode;
}

const rangeText = ({ lo, hi }: Range) => `${formatValue(lo)} to ${formatValue(hi)}`;

/** One stage's row: its name and grey scale, then each channel's map. */
function StageRow({ layers, stage, next, mode }: { layers: readonly LayerSpec[]; stage: MapStage; next: MapStage | undefined; mode: GreyMode }) {
  const ranges = useMemo(() => channelRanges(stage, mode), [stage, mode]);
  const images = useMemo(() => ranges.map((r, c) => greyPixels(channelValues(stage, c), r)), [stage, ranges]);
  const title = stageTitle(layers, stage, next);
  const scale = Math.max(1, Math.round(MAP_PX / Math.max(stage.height, stage.width)));
  return (
    <tr>
      <th scope="row">
        {title}
        <span className="map-size">
          {stage.height}×{stage.width}
        </span>
        <span className="map-range">
          {mode === 'stage' ? `black ${formatValue(ranges[0]!.lo)}, white ${formatValue(ranges[0]!.hi)}` : 'each channel its own range'}
        </span>
      </th>
      {images.map((pixels, c) => (
        <td key={c}>
          <PixelCanvas
            width={stage.width}
            height={stage.height}
            pixels={pixels}
            scale={scale}
            label={`${title}, channel ${c + 1}: values ${rangeText(ranges[c]!)}`}
          />
        </td>
      ))}
    </tr>
  );
}

/**
 * A conv block's feature maps for one image: a row per stage (the convolution, its normalisation,
 * activation and pool), a column per channel, so a channel can be followed down through the block.
 */
export function FeatureMapBlock({ layers, block, index, mode }: FeatureMapBlockProps) {
  const channels = block.stages[0]?.channels ?? 0;
  const id = `convnet-block-${index + 1}`;
  return (
    <figure className="map-block" id={id} aria-labelledby={`${id}-title`} data-stages={block.stages.length} data-channels={channels}>
      <figcaption id={`${id}-title`}>
        Conv block {index + 1}: {channels} channels
      </figcaption>
      <div className="map-scroll" tabIndex={0} role="region" aria-label={`Conv block ${index + 1}'s maps (scrolls sideways when wide)`}>
        <table className="map-table">
          <thead>
            <tr>
              <th scope="col">Stage · channel</th>
              {Array.from({ length: channels }, (_, c) => (
                <th key={c} scope="col">
                  {c + 1}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {block.stages.map((stage, s) => (
              <StageRow key={stage.layer} layers={layers} stage={stage} next={block.stages[s + 1]} mode={mode} />
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
