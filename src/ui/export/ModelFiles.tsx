import { useEffect, useState } from 'react';
import { describeError } from '../../data/dataError';
import type { ExportSource, ModelFiles as Files } from '../../export/exporter';
import { downloadBlob, downloadText } from '../download';
import { useApp } from '../StoreContext';
import { useExporter } from './useExporter';

/** The files of a run's trained model, made from the worker's copy of its weights; or why there are none. */
function useModelFiles(runId: string, source: ExportSource, kept: boolean): { files: Files | null; error: string | null } {
  const exporter = useExporter();
  const requestWeights = useApp((s) => s.requestWeights);
  const [state, setState] = useState<{ files: Files | null; error: string | null }>({ files: null, error: null });
  useEffect(() => {
    if (!exporter || !kept) return;
    let live = true;
    requestWeights(runId)
      .then((w) => live && setState({ files: exporter.modelFiles(source, w.shapes, w.values), error: null }))
      .catch((e: unknown) => live && setState({ files: null, error: describeError(e) }));
    return () => {
      live = false;
    };
  }, [exporter, kept, requestWeights, runId, source]);
  return state;
}

/** A finished run's trained model: weights for the PyTorch script's --weights, and a TF.js Layers model. */
export function ModelFiles({ runId, source, pytorchScript }: { runId: string; source: ExportSource; pytorchScript: string }) {
  const kept = useApp((s) => runId in s.models);
  const { files, error } = useModelFiles(runId, source, kept);
  if (!kept) {
    return (
      <p className="field-hint">
        This run&apos;s trained model is not in memory: only the most recent runs trained since the page was opened keep theirs (an imported run has none). The
        scripts above train it again.
      </p>
    );
  }
  if (error) return <p className="field-hint error">{error}</p>;
  const tfjs = files?.tfjs;
  return (
    <div className="export-files">
      <div className="export-file">
        <span>
          PyTorch weights: <code>{files ? files.weights.name : '…'}</code>
        </span>
        <button type="button" disabled={!files} onClick={() => files && downloadText(files.weights.name, files.weights.text, 'application/json')}>
          Download PyTorch weights
        </button>
      </div>
      <p className="field-hint">
        <code>
          python3 {pytorchScript} --data DIR --weights {files?.weights.name ?? '…'} --epochs 0
        </code>{' '}
        evaluates them in PyTorch; without <code>--epochs 0</code> it trains on from them.
      </p>
      {tfjs && 'unavailable' in tfjs ? (
        <p className="field-hint">{tfjs.unavailable}</p>
      ) : (
        <>
          <div className="export-file">
            <span>
              TF.js model: <code>{tfjs ? tfjs.modelJson.name : '…'}</code> and <code>{tfjs ? tfjs.weightsBin.name : '…'}</code>
            </span>
            <button type="button" disabled={!tfjs} onClick={() => tfjs && downloadText(tfjs.modelJson.name, tfjs.modelJson.text, 'application/json')}>
              Download TF.js model.json
            </button>
            <button
              type="button"
              disabled={!tfjs}
              onClick={() => tfjs && downloadBlob(tfjs.weightsBin.name, new Blob([tfjs.weightsBin.bytes as BlobPart], { type: 'application/octet-stream' }))}
            >
              Download TF.js weights
            </button>
          </div>
          <p className="field-hint">
            Keep both files in one folder; <code>await tf.loadLayersModel(&apos;…/{tfjs ? tfjs.modelJson.name : 'model.json'}&apos;)</code> then predicts what
            the playground predicts (class probabilities, inference mode) for images shaped <code>[n, 28, 28, 1]</code> in 0–1.
          </p>
        </>
      )}
    </div>
  );
}
