import type { ChangeEvent } from 'react';
import { importRunsJson, RUNS_FILE_LIMITS } from '../share/runsFile';
import { selectTrainImages } from '../store/selectors';
import { useApp } from './StoreContext';

/**
 * The change handler of a file input that imports runs from a JSON file: adds them to the store
 * and says in a notice how many came in (and why any did not). Clears the input, so the same
 * file can be chosen again.
 */
export function useImportRuns(): (e: ChangeEvent<HTMLInputElement>) => Promise<void> {
  const trainImages = useApp(selectTrainImages);
  const addRuns = useApp((s) => s.addRuns);
  const notify = useApp((s) => s.notify);
  return async (e) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    if (file.size > RUNS_FILE_LIMITS.maxChars) {
      notify('error', `"${file.name}" is too large to import (over ${RUNS_FILE_LIMITS.maxChars / 1e6} MB).`);
      return;
    }
    const { runs: imported, errors } = importRunsJson(await file.text(), trainImages);
    const added = addRuns(imported);
    const skipped = imported.length - added;
    notify(
      added > 0 ? 'info' : 'warning',
      `Imported ${added} ${added === 1 ? 'run' : 'runs'} from "${file.name}"${skipped ? ` (${skipped} already here)` : ''}.`,
    );
    errors.forEach((m) => notify('warning', m));
  };
}
