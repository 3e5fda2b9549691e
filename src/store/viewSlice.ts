import type { StateCreator } from 'zustand';
import type { XAxis } from '../runs/xAxis';
import type { HideableControl } from '../share/hideableControls';
import type { AppState } from './appState';

export type NoticeKind = 'info' | 'warning' | 'error';

/** A message for the user about something they did not see happen: a link's ignored settings, an import, storage. */
export interface Notice {
  id: number;
  kind: NoticeKind;
  text: string;
}

/** What presenter mode hides besides whatever the link hides: the panels a projected class does not need. */
export const PRESENTER_HIDES: ReadonlySet<HideableControl> = new Set(['share', 'summary', 'history', 'seed', 'backend']);

/** Whether `control` is hidden now: the link hides it, or presenter mode does. */
export const isControlHidden = (s: Pick<ViewSlice, 'hidden' | 'presenter'>, control: HideableControl): boolean =>
  s.hidden.has(control) || (s.presenter && PRESENTER_HIDES.has(control));

export interface ViewSlice {
  xAxis: XAxis;
  /** The run whose per-epoch history the table shows; null: the newest. */
  selectedRunId: string | null;
  notices: Notice[];
  /** Controls a link hid for a guided exercise; they keep the values the link gave them. */
  hidden: ReadonlySet<HideableControl>;
  /** Large type, high contrast, fewer controls: for a projector. */
  presenter: boolean;
  setHidden(hidden: Iterable<HideableControl>): void;
  setPresenter(on: boolean): void;
  setXAxis(axis: XAxis): void;
  selectRun(id: string | null): void;
  notify(kind: NoticeKind, text: string): void;
  dismissNotice(id: number): void;
}

export const createViewSlice = (): StateCreator<AppState, [], [], ViewSlice> => (set) => {
  let nextNotice = 1;
  return {
    xAxis: 'step',
    selectedRunId: null,
    notices: [],
    hidden: new Set(),
    presenter: false,
    setHidden(hidden) {
      set({ hidden: new Set(hidden) });
    },
    setPresenter(on) {
      set({ presenter: on });
    },
    setXAxis(axis) {
      set({ xAxis: axis });
    },
    selectRun(id) {
      set({ selectedRunId: id });
    },
    notify(kind, text) {
      set((s) => ({ notices: [...s.notices.filter((n) => n.text !== text), { id: nextNotice++, kind, text }] }));
    },
    dismissNotice(id) {
      set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
    },
  };
};
