import { useEffect, useRef } from 'react';
import { HEAT_GRADIENT, heatRgb } from '../heatScale';

const SIDE = 28;
/** Canvas pixels per image pixel, and room for the axes' numbers. */
const CELL = 12;
const MARGIN = 22;
const TICKS = [0, 7, 14, 21, 27];

interface PixelHeatMapProps {
  /** `[784]` uint8 0..255, row-major. */
  pixels: Uint8Array;
  /** The accessible name of the map. */
  label: string;
}

/**
 * The image's 784 pixel values as a heat map with a colour scale (seaborn's `sns.heatmap` of a
 * digit): light for 0, dark for 255, rows and columns numbered; the values also as a table.
 */
export function PixelHeatMap({ pixels, label }: PixelHeatMapProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const size = MARGIN + SIDE * CELL;
    ctx.clearRect(0, 0, size, size);
    for (let y = 0; y < SIDE; y++) {
      for (let x = 0; x < SIDE; x++) {
        const [r, g, b] = heatRgb(pixels[y * SIDE + x]! / 255);
        ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
        ctx.fillRect(MARGIN + x * CELL, MARGIN + y * CELL, CELL, CELL);
      }
    }
    ctx.strokeStyle = '#6b6f76';
    ctx.strokeRect(MARGIN - 0.5, MARGIN - 0.5, SIDE * CELL + 1, SIDE * CELL + 1);
    ctx.fillStyle = '#1a1a1a';
    ctx.font = '11px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (const t of TICKS) {
      ctx.fillText(String(t), MARGIN + t * CELL + CELL / 2, MARGIN / 2);
      ctx.textAlign = 'right';
      ctx.fillText(String(t), MARGIN - 4, MARGIN + t * CELL + CELL / 2);
      ctx.textAlign = 'center';
    }
  }, [pixels]);
  const size = MARGIN + SIDE * CELL;
  return (
    <figure className="heat-map">
      <canvas ref={ref} width={size} height={size} role="img" aria-label={label} />
      <div className="heat-scale" aria-hidden="true">
        <span className="heat-scale-bar" style={{ background: HEAT_GRADIENT }} />
        <span className="heat-scale-ticks">
          <span>0</span>
          <span>64</span>
          <span>128</span>
          <span>191</span>
          <span>255</span>
        </span>
      </div>
      <figcaption>Pixel value (0 = no ink, 255 = full ink); columns and rows numbered from 0.</figcaption>
      <details className="pixel-table">
        <summary>The 784 values as a table</summary>
        <div className="table-scroll">
          <table aria-label={`${label}: pixel values`}>
            <tbody>
              {Array.from({ length: SIDE }, (_, y) => (
                <tr key={y}>
                  <th scope="row">{y}</th>
                  {Array.from(pixels.subarray(y * SIDE, (y + 1) * SIDE), (v, x) => (
                    <td key={x}>{v}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
