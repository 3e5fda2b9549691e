import type { StateCreator } from 'zustand';
import type { XAxis } from '../runs/xAxis';
import type { AppState } from './appState';

export type NoticeKind = 'info' | 'warning' | 'error';

/** A message for the user about something they did not see happen: a link's ignored settings, an import, storage. */
export interface Notice {
  id: number;
  kind: NoticeKind;
  text: string;
}

export interface ViewSlice {
  xAxis: XAxis;
  /** The run whose per-epoch history the table shows; null: the newest. */
  selectedRunId: string | null;
  notices: Notice[];
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
