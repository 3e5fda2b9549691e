import { useEffect, useState, type RefObject } from 'react';

/**
 * Whether the element in `ref` is on screen or within `marginPx` of it (so a view scrolled
 * towards is current by the time it shows). Without IntersectionObserver (jsdom, old browsers)
 * everything counts as on screen.
 */
export function useOnScreen(ref: RefObject<Element | null>, marginPx = 200): boolean {
  const [onScreen, setOnScreen] = useState(true);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => setOnScreen(entries.some((e) => e.isIntersecting)), { rootMargin: `${marginPx}px` });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, marginPx]);
  return onScreen;
}
