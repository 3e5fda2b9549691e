import { useId } from 'react';
import { useModalDialog } from './useModalDialog';
import { LESSON_SHORTCUTS } from './lessons/useLessonKeys';
import { selectLessonOpen } from '../store/selectors';
import { useApp } from './StoreContext';
import { SHORTCUTS } from './useShortcuts';

/** The list of keyboard shortcuts, in a modal native <dialog>: Escape, Close or `?` closes it. */
export function ShortcutsHelp({ open, onClose }: { open: boolean; onClose(): void }) {
  const ref = useModalDialog(open);
  const id = useId();
  const lesson = useApp(selectLessonOpen);
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
          {(lesson ? [...SHORTCUTS, ...LESSON_SHORTCUTS] : SHORTCUTS).map((s) => (
            <tr key={s.does}>
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
