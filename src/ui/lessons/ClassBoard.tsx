import { useId, useState, type DragEvent } from 'react';
import { RUNS_FILE_LIMITS } from '../../share/runsFile';
import type { ClassFile } from '../../store/classBoardSlice';
import { selectClassBoard } from '../../store/selectors';
import { useApp } from '../StoreContext';
import { ClassBoardCharts } from './ClassBoardCharts';
import { ClassBoardTable } from './ClassBoardTable';

/** Reads the chosen or dropped files as text, in the page; a file larger than a runs file may be is not read. */
async function readFiles(list: FileList | null): Promise<ClassFile[]> {
  const files = Array.from(list ?? []);
  return Promise.all(files.map(async (f) => ({ name: f.name, text: f.size > RUNS_FILE_LIMITS.maxChars ? null : await f.text() })));
}

/**
 * The class board: the teacher imports every student's runs file at once (several chosen, or
 * dropped together), and each run is listed with its owner (the file's name, editable) and result,
 * best test accuracy first, with the curves overlaid. The files are read in the page; nothing
 * leaves the browser, and the board is not kept after the page closes.
 */
export function ClassBoard() {
  const board = useApp(selectClassBoard);
  const importClassFiles = useApp((s) => s.importClassFiles);
  const clearClassBoard = useApp((s) => s.clearClassBoard);
  const [over, setOver] = useState(false);
  const inputId = useId();
  const take = async (list: FileList | null) => importClassFiles(await readFiles(list));
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void take(e.dataTransfer.files);
  };
  return (
    <section className="panel class-board" aria-labelledby="class-board-heading" data-testid="class-board">
      <h2 id="class-board-heading">Class board</h2>
      <p className="view-caption">
        Each student downloads their runs (“Download my runs” above); import all the files here at once to compare the class. The files are read in this page
        and nothing is sent anywhere.
      </p>
      <div
        className={over ? 'class-drop over' : 'class-drop'}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        data-testid="class-drop"
      >
        <label htmlFor={inputId}>Import runs files (choose several, or drop them here)</label>
        <input
          id={inputId}
          type="file"
          accept=".json,application/json"
          multiple
          onChange={(e) => {
            const files = e.target.files;
            void take(files).then(() => (e.target.value = ''));
          }}
        />
        {board.length > 0 ? (
          <button type="button" onClick={clearClassBoard}>
            Clear the board
          </button>
        ) : null}
      </div>
      {board.length > 0 ? (
        <>
          <ClassBoardTable board={board} />
          <ClassBoardCharts board={board} />
        </>
      ) : null}
    </section>
  );
}
