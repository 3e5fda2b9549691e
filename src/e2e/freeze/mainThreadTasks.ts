/**
 * The page's main-thread tasks from a Chromium trace, with their wall time and CPU time. A long
 * animation frame measures wall time: on a machine busy with other work the thread waits for a
 * core and frames stretch though the page does no more. CPU time tells the two apart.
 */

/** Trace categories that give the renderer's tasks with their thread (CPU) durations. */
export const TRACE_CATEGORIES = ['toplevel', 'disabled-by-default-devtools.timeline'];

export interface TaskTimes {
  count: number;
  /** The longest task by CPU time, and its wall time (ms). */
  longestCpuMs: number;
  longestCpuWallMs: number;
  /** Tasks whose CPU time alone was over 50 ms. */
  overCpu50: number;
  /** Tasks over 50 ms of wall time. */
  overWall50: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** The tasks of the renderer's main thread (the busiest CrRendererMain in `trace`, Chromium's JSON trace). */
export function mainThreadTasks(trace: Buffer | string): TaskTimes {
  const events = (JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
  const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph !== 'X' || e.name !== 'ThreadControllerImpl::RunTask' || !mains.has(key)) continue;
    const list = byThread.get(key) ?? [];
    list.push(e);
    byThread.set(key, list);
  }
  const tasks = [...byThread.values()].reduce<TraceEvent[]>((a, b) => (b.length > a.length ? b : a), []);
  const ms = (us: number | undefined) => (us ?? 0) / 1000;
  const longest = tasks.reduce<TraceEvent | null>((a, t) => (!a || ms(t.tdur) > ms(a.tdur) ? t : a), null);
  return {
    count: tasks.length,
    longestCpuMs: ms(longest?.tdur),
    longestCpuWallMs: ms(longest?.dur),
    overCpu50: tasks.filter((t) => ms(t.tdur) > 50).length,
    overWall50: tasks.filter((t) => ms(t.dur) > 50).length,
  };
}
