import { useEffect, useRef, useState, type RefObject } from 'react';

export interface ThrottleOptions {
  /** Keep showing the old value (e.g. while the view is off screen). */
  hold: boolean;
  /** Renew at most this often. */
  intervalMs: number;
  /** Renew this long after the value may be renewed: views with different delays redraw in different tasks. */
  delayMs: number;
  /** What the view shows (e.g. which run and unit): when it changes, the new value shows at once. */
  viewKey: string;
}

/**
 * `value` as a view should show it: renewed at most every `intervalMs`, `delayMs` late, and not
 * while `hold`. A view built of recharts charts takes tens of milliseconds to redraw; redrawing
 * all of them at every probe of a training run (several a second), in one task, kept the main
 * thread from drawing frames.
 */
export function useThrottledValue<T>(value: T, { hold, intervalMs, delayMs, viewKey }: ThrottleOptions): T {
  const [{ shown, shownKey }, setState] = useState({ shown: value, shownKey: viewKey });
  // A choice of the user's is answered now, not throttled (React's pattern for state derived from props).
  if (shownKey !== viewKey) setState({ shown: value, shownKey: viewKey });
  const lastRenewed = useRef(Number.NEGATIVE_INFINITY);
  const latest = useRef({ value, viewKey });
  latest.current = { value, viewKey };
  // One pending renewal at a time, with a fixed deadline: values arriving faster than the delay must not push it back.
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    if (hold) return cancel(pending);
    if (pending.current !== null || Object.is(value, shown)) return;
    const wait = Math.max(0, lastRenewed.current + intervalMs - performance.now()) + delayMs;
    pending.current = setTimeout(() => {
      pending.current = null;
      lastRenewed.current = performance.now();
      setState({ shown: latest.current.value, shownKey: latest.current.viewKey });
    }, wait);
  }, [value, shown, hold, intervalMs, delayMs]);

  useEffect(() => () => cancel(pending), []);

  return shown;
}

function cancel(pending: RefObject<ReturnType<typeof setTimeout> | null>): void {
  if (pending.current !== null) clearTimeout(pending.current);
  pending.current = null;
}
