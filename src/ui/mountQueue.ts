/**
 * Heavy views (a recharts chart costs 20–60 ms of main-thread work to mount on a slow machine)
 * mount one at a time, each in its own task with a frame drawn before the next: mounting the six
 * charts of Inside BatchNorm together, when a run started, froze the page for 400 ms (issue 16).
 */

type Turn = () => void;

const waiting: Turn[] = [];
let busy = false;

/** Runs `next` after the browser has drawn a frame, or soon where frames are not drawn (a hidden tab, jsdom). */
function afterFrame(next: () => void): void {
  const soon = setTimeout(next, 100);
  if (typeof requestAnimationFrame !== 'function' || (typeof document !== 'undefined' && document.hidden)) return;
  requestAnimationFrame(() => {
    clearTimeout(soon);
    // rAF runs before the frame is drawn; a task queued from it runs after.
    setTimeout(next, 0);
  });
}

function serve(): void {
  const turn = waiting.shift();
  if (!turn) {
    busy = false;
    return;
  }
  busy = true;
  turn();
  afterFrame(serve);
}

/**
 * Queues `turn` (typically a state update that mounts a view): turns run in order, one per task,
 * with a frame drawn between two. Returns a function that takes `turn` out of the queue if it has
 * not run yet (the view went away first).
 */
export function queueMount(turn: Turn): () => void {
  waiting.push(turn);
  if (!busy) {
    busy = true;
    afterFrame(serve);
  }
  return () => {
    const i = waiting.indexOf(turn);
    if (i >= 0) waiting.splice(i, 1);
  };
}
