import { useMemo } from 'react';
import type { FilterImages } from '../../engine/featureMaps';
import { DIVERGING_GRADIENT } from '../divergingScale';
import { formatValue } from '../inside/insideFormat';
import { divergingPixels, rangeOf } from './mapImages';
import { PixelCanvas } from './PixelCanvas';

/** CSS pixels a filter is drawn at, about: 3×3 at 16 per weight, 5×5 at 10. */
const FILTER_PX = 48;

/** The first convolution's learned filters as images, on a diverging scale around 0 with its legend. */
export function FilterGrid({ filters }: { filters: FilterImages }) {
  const { size, count, inChannels, values } = filters;
  const area = size * size;
  const maxAbs = useMemo(() => {
    const { lo, hi } = rangeOf(values);
    return Math.max(Math.abs(lo), Math.abs(hi));
  }, [values]);
  // The first input channel: the first convolution sees the one grey channel of the image.
  const images = useMemo(
    () => Array.from({ length: count }, (_, f) => divergingPixels(values.subarray(f * inChannels * area, f * inChannels * area + area), maxAbs)),
    [values, count, inChannels, area, maxAbs],
  );
  const scale = Math.max(1, Math.round(FILTER_PX / size));
  return (
    <figure className="filter-grid" id="convnet-filters" aria-labelledby="convnet-filters-title" data-filters={count}>
      <figcaption id="convnet-filters-title">
        The {count} learned {size}×{size} filters of the first convolution
      </figcaption>
      <div className="filter-cells">
        {images.map((pixels, f) => (
          <div key={f} className="filter-cell">
            <PixelCanvas width={size} height={size} pixels={pixels} scale={scale} label={`Filter ${f + 1} of ${count}`} />
            <span aria-hidden="true">{f + 1}</span>
          </div>
        ))}
      </div>
      <div
        className="diverging-legend"
        role="img"
        aria-label={`Colour scale: purple for negative weights down to ${formatValue(-maxAbs)}, white for 0, orange for positive up to ${formatValue(maxAbs)}`}
      >
        <span className="diverging-bar" style={{ background: DIVERGING_GRADIENT }} />
        <span className="diverging-ticks" aria-hidden="true">
          <span>{formatValue(-maxAbs)}</span>
          <span>0</span>
          <span>{formatValue(maxAbs)}</span>
        </span>
        <span className="diverging-words" aria-hidden="true">
          <span>negative weight</span>
          <span>positive weight</span>
        </span>
      </div>
    </figure>
  );
}
