import type { StateCreator } from 'zustand';
import type { RunRecord } from '../runs/runRecord';
import { importRunsJson, RUNS_FILE_LIMITS } from '../share/runsFile';
import type { AppState } from './appState';

/** One imported run on the class board, with whose it is. */
export interface BoardEntry {
  /** Unique on the board: the file's place in the import and the run's id. */
  key: string;
  /** Whose run: the file's name without `.json` at first, editable. */
  owner: string;
  fileName: string;
  run: RunRecord;
}

/** A runs file as read from a file input or a drop: its name and its text (null: larger than a runs file may be, not read). */
export interface ClassFile {
  name: string;
  text: string | null;
}

export interface ClassBoardSlice {
  /** The runs of every file imported, in import order (the table sorts them). Nothing leaves the browser. */
  classBoard: BoardEntry[];
  /**
   * Adds every run of `files` (students' runs files) to the board, owner = file name, and says in
   * a notice how many came from how many files, and in another what any file got wrong. A run
   * already on the board (same file name and run id) is not added twice.
   */
  importClassFiles(files: readonly ClassFile[]): void;
  setBoardOwner(key: string, owner: string): void;
  clearClassBoard(): void;
}

export const MAX_OWNER_LENGTH = 60;

/** "ana.json" → "ana", "runs (3).JSON" → "runs (3)". */
export const ownerOf = (fileName: string): string => fileName.replace(/\.json$/i, '').slice(0, MAX_OWNER_LENGTH) || fileName;

export const createClassBoardSlice = (): StateCreator<AppState, [], [], ClassBoardSlice> => (set, get) => {
  let imports = 0;
  return {
    classBoard: [],
    importClassFiles(files) {
      const taken = new Set(get().classBoard.map((e) => `${e.fileName}\n${e.run.id}`));
      const added: BoardEntry[] = [];
      const problems: string[] = [];
      for (const file of files) {
        imports += 1;
        if (file.text === null) {
          problems.push(`"${file.name}" is too large to be a runs file (over ${RUNS_FILE_LIMITS.maxChars / 1e6} MB).`);
          continue;
        }
        // Board runs are only compared, never trained again: any training-image count is accepted.
        const { runs, errors } = importRunsJson(file.text, Number.MAX_SAFE_INTEGER);
        errors.forEach((m) => problems.push(`"${file.name}": ${m}`));
        for (const run of runs) {
          if (taken.has(`${file.name}\n${run.id}`)) continue;
          taken.add(`${file.name}\n${run.id}`);
          added.push({ key: `${imports}-${run.id}`, owner: ownerOf(file.name), fileName: file.name, run });
        }
      }
      if (added.length) set((s) => ({ classBoard: [...s.classBoard, ...added] }));
      const from = new Set(added.map((e) => e.fileName)).size;
      get().notify(
        added.length ? 'info' : 'warning',
        `Class board: added ${added.length} ${added.length === 1 ? 'run' : 'runs'} from ${from} ${from === 1 ? 'file' : 'files'}.`,
      );
      problems.slice(0, 5).forEach((m) => get().notify('warning', m));
    },
    setBoardOwner(key, owner) {
      const trimmed = owner.slice(0, MAX_OWNER_LENGTH);
      set((s) => ({ classBoard: s.classBoard.map((e) => (e.key === key ? { ...e, owner: trimmed } : e)) }));
    },
    clearClassBoard() {
      set({ classBoard: [] });
    },
  };
};
