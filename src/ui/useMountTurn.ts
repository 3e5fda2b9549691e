import { useEffect, useState, type RefObject } from 'react';
import { queueMount } from './mountQueue';

/**
 * Whether a heavy view in `ref` should be mounted: false until it first comes within `marginPx`
 * of the screen and its turn in the mount queue (see mountQueue.ts) has come, then true for good.
 * Off screen it costs nothing until scrolled towards. Without IntersectionObserver (jsdom, old
 * browsers) it counts as on screen at once.
 */
export function useMountTurn(ref: RefObject<Element | null>, marginPx = 300): boolean {
  const [mounted, setMounted] = useState(false);
  useEffect(() => {
    if (mounted) return;
    const element = ref.current;
    if (!element || typeof IntersectionObserver === 'undefined') return queueMount(() => setMounted(true));
    let cancel: (() => void) | null = null;
    const observer = new IntersectionObserver(
      (entries) => {
        const near = entries.some((e) => e.isIntersecting);
        if (near && !cancel) cancel = queueMount(() => setMounted(true));
        // Scrolled past before its turn: give the turn to views still in sight.
        if (!near && cancel) {
          cancel();
          cancel = null;
        }
      },
      { rootMargin: `${marginPx}px` },
    );
    observer.observe(element);
    return () => {
      observer.disconnect();
      cancel?.();
    };
  }, [ref, marginPx, mounted]);
  return mounted;
}
