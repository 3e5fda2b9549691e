import { useEffect, useState, type RefObject } from 'react';

/**
 * The content size of the element in `ref`, in CSS pixels, kept current by a ResizeObserver
 * (0 × 0 until it first reports, and where there is none: jsdom).
 */
export function useBoxSize(ref: RefObject<Element | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      if (!entry) return;
      const { width, height } = entry.contentRect;
      setSize((s) => (s.width === width && s.height === height ? s : { width, height }));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}
