import { useMemo, useState } from 'react';
import type { ExportSource, ScriptFramework } from '../../export/exporter';
import { downloadText } from '../download';
import { copyText } from './copyText';
import { ExportHelp } from './ExportHelp';
import { useExporter } from './useExporter';

const FRAMEWORKS: readonly { key: ScriptFramework; label: string }[] = [
  { key: 'pytorch', label: 'PyTorch' },
  { key: 'keras', label: 'Keras' },
];

/** An experiment as a PyTorch and a Keras script: each named, downloaded or copied, with how to run them. */
export function ScriptFiles({ source }: { source: ExportSource | null }) {
  const exporter = useExporter();
  const files = useMemo(() => (exporter && source ? exporter.scriptFiles(source) : null), [exporter, source]);
  const [status, setStatus] = useState<string | null>(null);
  return (
    <div className="export-files">
      {FRAMEWORKS.map(({ key, label }) => (
        <div className="export-file" key={key}>
          <span>
            {label} script: <code>{files ? files[key].name : '…'}</code>
          </span>
          <button type="button" disabled={!files} onClick={() => files && downloadText(files[key].name, files[key].text, 'text/x-python')}>
            Download {label} script
          </button>
          <button type="button" disabled={!files} onClick={() => files && void copyText(files[key].text, `The ${label} script`).then(setStatus)}>
            Copy {label} script
          </button>
        </div>
      ))}
      {status ? (
        <p className="field-hint" role="status">
          {status}
        </p>
      ) : null}
      {files ? <ExportHelp pytorch={files.pytorch.name} keras={files.keras.name} /> : null}
    </div>
  );
}
