import { useId, useMemo } from 'react';
import type { ExportSource } from '../../export/exporter';
import type { RunRecord } from '../../runs/runRecord';
import { useModalDialog } from '../useModalDialog';
import { ModelFiles } from './ModelFiles';
import { ScriptFiles } from './ScriptFiles';
import { useExporter } from './useExporter';

/** A run's Export: its experiment as scripts (its mid-run learning-rate changes included) and its trained model as files. */
export function ExportDialog({ run, onClose }: { run: RunRecord | null; onClose(): void }) {
  const ref = useModalDialog(run !== null);
  const id = useId();
  const exporter = useExporter();
  const source = useMemo(
    (): ExportSource | null => run && { config: run.config, name: run.name, learningRateMarks: run.learningRateMarks, colorIndex: run.colorIndex },
    [run],
  );
  const pytorchScript = useMemo(() => (exporter && source ? exporter.scriptFiles(source).pytorch.name : '…'), [exporter, source]);
  return (
    <dialog ref={ref} className="export-dialog" aria-labelledby={`${id}-title`} onCancel={onClose}>
      {run && source ? (
        <>
          <h2 id={`${id}-title`}>Export “{run.name}”</h2>
          <h3>Code that trains it again</h3>
          <ScriptFiles source={source} />
          <h3>Its trained model</h3>
          <ModelFiles runId={run.id} source={source} pytorchScript={pytorchScript} />
        </>
      ) : null}
      <div className="toolbar">
        <button type="button" autoFocus onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
