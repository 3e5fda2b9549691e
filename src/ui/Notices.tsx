import { selectNotices } from '../store/selectors';
import { useApp } from './StoreContext';

const PREFIX = { info: '', warning: 'Note: ', error: 'Problem: ' } as const;

/** Messages about things the user did not watch happen (a link's ignored settings, an import, storage), each dismissable. */
export function Notices() {
  const notices = useApp(selectNotices);
  const dismiss = useApp((s) => s.dismissNotice);
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((n) => (
        <p key={n.id} className={`notice notice-${n.kind}`}>
          <span>
            {PREFIX[n.kind]}
            {n.text}
          </span>
          <button type="button" aria-label={`Dismiss: ${n.text.slice(0, 60)}`} onClick={() => dismiss(n.id)}>
            ×
          </button>
        </p>
      ))}
    </div>
  );
}
