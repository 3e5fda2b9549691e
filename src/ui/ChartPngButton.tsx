import { useState } from 'react';
import { describeError } from '../data/dataError';
import { chartToPngBlob } from './chartPng';
import { downloadBlob, safeFilename } from './download';

/** Saves the chart in figure `chartId` as a PNG, as it looks on screen, with its title. */
export function ChartPngButton({ chartId, title, disabled }: { chartId: string; title: string; disabled: boolean }) {
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    // The plot itself; recharts also draws legend icons as small <svg>s.
    const svg = document.querySelector<SVGSVGElement>(`#${chartId} .recharts-wrapper > svg`);
    if (!svg) return;
    try {
      setError(null);
      downloadBlob(`${safeFilename(title)}.png`, await chartToPngBlob(svg, { title }));
    } catch (e) {
      setError(describeError(e));
    }
  };
  return (
    <>
      <button type="button" className="chart-button" disabled={disabled} aria-label={`Download PNG of ${title}`} onClick={() => void save()}>
        Download PNG
      </button>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}
