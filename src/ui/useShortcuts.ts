import { useEffect } from 'react';
import { selectAllPaused, selectAnyActive, selectAnyStarting, selectBusy, selectDataReady } from '../store/selectors';
import { useApp } from './StoreContext';
import { useValidation } from './useValidation';

export type ShortcutId = 'pauseResume' | 'train' | 'stop' | 'help';

/** Every keyboard shortcut, as the help panel lists them. */
export const SHORTCUTS: readonly { id: ShortcutId; keys: string; does: string }[] = [
  { id: 'pauseResume', keys: 'Space', does: 'Pause or resume training' },
  { id: 'train', keys: 'T', does: 'Train (as the Train button)' },
  { id: 'stop', keys: 'S', does: 'Stop training and cancel the queue' },
  { id: 'help', keys: '?', does: 'Show or hide this list of shortcuts' },
];

/** Where letters are typed (or pick an option): no letter is a shortcut there. */
export const TEXT_ENTRY =
  'textarea, select, [contenteditable]:not([contenteditable="false"]), ' +
  'input:not([type="checkbox"], [type="radio"], [type="range"], [type="button"], [type="submit"], [type="reset"], [type="color"], [type="file"])';

/** What Space already does something on (press, toggle, open, scroll): Space is not a shortcut there. */
export const SPACE_TAKEN = `${TEXT_ENTRY}, a[href], button, input, summary, [tabindex]:not([tabindex="-1"]), [role="button"], [role="switch"], [role="checkbox"], [role="radio"], [role="tab"], [role="slider"], [role="option"]`;

type KeyPress = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'repeat' | 'isComposing' | 'target'>;

/**
 * The shortcut a key press asks for, or null: never with Ctrl, Alt or Meta, never a held key's
 * repeats, no letter while typing in a field or choosing in a select, and no Space on a control
 * that Space presses or toggles (so typing a learning rate or ticking a switch is never hijacked).
 */
export function shortcutFor(e: KeyPress): ShortcutId | null {
  if (e.ctrlKey || e.metaKey || e.altKey || e.repeat || e.isComposing) return null;
  const target = e.target instanceof Element ? e.target : null;
  if (e.key === ' ') return target?.closest(SPACE_TAKEN) ? null : 'pauseResume';
  if (target?.closest(TEXT_ENTRY)) return null;
  switch (e.key) {
    case 't':
    case 'T':
      return 'train';
    case 's':
    case 'S':
      return 'stop';
    case '?':
      return 'help';
    default:
      return null;
  }
}

/**
 * Listens for the keyboard shortcuts (SHORTCUTS) on the window while mounted and calls the store's
 * actions, as the Train, Pause/Resume and Stop buttons would. A shortcut that does nothing now
 * (Space with nothing training) leaves the key to the browser. While a dialog is open only `?`
 * works, and only to close the help (`helpOpen`).
 *
 * @example
 * const [helpOpen, setHelpOpen] = useState(false);
 * useShortcuts({ helpOpen, toggleHelp: () => setHelpOpen((o) => !o) });
 */
export function useShortcuts({ helpOpen, toggleHelp }: { helpOpen: boolean; toggleHelp(): void }): void {
  const busy = useApp(selectBusy);
  const active = useApp(selectAnyActive);
  const paused = useApp(selectAllPaused);
  const starting = useApp(selectAnyStarting);
  const ready = useApp(selectDataReady);
  const startRun = useApp((s) => s.startRun);
  const pauseRuns = useApp((s) => s.pauseRuns);
  const resumeRuns = useApp((s) => s.resumeRuns);
  const stopRuns = useApp((s) => s.stopRuns);
  const validation = useValidation();

  useEffect(() => {
    /** Does what `id` asks if it applies now; whether it did. */
    const perform = (id: ShortcutId): boolean => {
      switch (id) {
        case 'pauseResume':
          if (paused) resumeRuns();
          else if (active && !starting) pauseRuns();
          else return false;
          return true;
        case 'train':
          if (busy || !ready || !validation.ok) return false;
          startRun(validation.config);
          return true;
        case 'stop':
          if (!busy) return false;
          stopRuns();
          return true;
        case 'help':
          toggleHelp();
          return true;
        default: {
          const unknown: never = id;
          throw new Error(`unhandled shortcut ${String(unknown)}`);
        }
      }
    };
    const onKeyDown = (e: KeyboardEvent) => {
      const id = shortcutFor(e);
      if (id === null) return;
      if (document.querySelector('dialog[open]') && !(helpOpen && id === 'help')) return;
      if (perform(id)) e.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [busy, active, paused, starting, ready, validation, helpOpen, toggleHelp, startRun, pauseRuns, resumeRuns, stopRuns]);
}
