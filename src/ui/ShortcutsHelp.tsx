import { useEffect, useId, useRef } from 'react';
import { SHORTCUTS } from './useShortcuts';

/** The list of keyboard shortcuts, in a modal native <dialog>: Escape, Close or `?` closes it. */
export function ShortcutsHelp({ open, onClose }: { open: boolean; onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal?.();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="confirm shortcuts-help" aria-labelledby={`${id}-title`} onClose={onClose}>
      <h2 id={`${id}-title`}>Keyboard shortcuts</h2>
      <table className="summary">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Does</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.id}>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{s.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="field-hint">They work whenever the cursor is not in a text field, and Space not on a button or switch.</p>
      <div className="toolbar">
        <button type="button" autoFocus onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
