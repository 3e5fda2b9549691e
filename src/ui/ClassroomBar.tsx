import { useCallback, useState } from 'react';
import { withPresenter } from '../share/urlCodec';
import { selectPresenter } from '../store/selectors';
import { ShortcutsHelp } from './ShortcutsHelp';
import { useApp } from './StoreContext';
import { Switch } from './Switch';
import { useShortcuts } from './useShortcuts';

/**
 * The header's classroom controls: presenter mode (kept in the address as `present=1`, so a
 * reload or a bookmark keeps it) and the keyboard shortcuts, listed in a dialog (`?` or the button).
 */
export function ClassroomBar() {
  const presenter = useApp(selectPresenter);
  const setPresenter = useApp((s) => s.setPresenter);
  const [helpOpen, setHelpOpen] = useState(false);
  const toggleHelp = useCallback(() => setHelpOpen((o) => !o), []);
  useShortcuts({ helpOpen, toggleHelp });
  const present = (on: boolean) => {
    setPresenter(on);
    const url = new URL(location.href);
    url.search = withPresenter(url.search, on);
    history.replaceState(history.state, '', url.href);
  };
  return (
    <div className="classroom-bar">
      <Switch label="Presenter mode" checked={presenter} onChange={present} />
      <button type="button" aria-haspopup="dialog" onClick={() => setHelpOpen(true)}>
        Keyboard shortcuts <kbd aria-hidden="true">?</kbd>
      </button>
      <ShortcutsHelp open={helpOpen} onClose={() => setHelpOpen(false)} />
    </div>
  );
}
