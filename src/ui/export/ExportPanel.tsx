import { useMemo } from 'react';
import type { ExportSource } from '../../export/exporter';
import { runName } from '../../runs/runName';
import { useValidation } from '../useValidation';
import { ScriptFiles } from './ScriptFiles';

/** The form's settings as Python scripts that train the same experiment elsewhere. */
export function ExportPanel() {
  const form = useValidation();
  const source = useMemo((): ExportSource | null => (form.ok ? { config: form.config, name: runName(form.config), learningRateMarks: [] } : null), [form]);
  return (
    <section className="panel" aria-labelledby="export-heading">
      <h2 id="export-heading">Export</h2>
      <p className="field-hint">
        These settings as code that trains the same experiment in PyTorch or Keras. A finished run&apos;s Export (under Runs) also saves its trained model.
      </p>
      {source ? <ScriptFiles source={source} /> : <p className="field-hint">Fix the highlighted settings first.</p>}
    </section>
  );
}
