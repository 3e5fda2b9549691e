// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useThrottledValue, type ThrottleOptions } from './useThrottledValue';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});
beforeEach(() => {
  vi.useFakeTimers();
});

function Shown({ value, ...options }: { value: number } & ThrottleOptions) {
  return <output>{useThrottledValue(value, options)}</output>;
}

const shown = () => Number(screen.getByRole('status').textContent);
const options = { hold: false, intervalMs: 1000, delayMs: 100, viewKey: 'a' };

describe('useThrottledValue', () => {
  it('shows a new value after the delay, then at most once an interval, always the latest', () => {
    const { rerender } = render(<Shown value={0} {...options} />);
    rerender(<Shown value={1} {...options} />);
    expect(shown()).toBe(0);
    act(() => vi.advanceTimersByTime(99));
    expect(shown()).toBe(0);
    act(() => vi.advanceTimersByTime(1));
    expect(shown()).toBe(1);
    // Values arriving every 300 ms: the next renewal is 1000 + 100 ms after the last, not pushed back by them.
    for (const v of [2, 3, 4]) {
      rerender(<Shown value={v} {...options} />);
      act(() => vi.advanceTimersByTime(300));
      expect(shown()).toBe(1);
    }
    act(() => vi.advanceTimersByTime(1100 - 900 - 1));
    expect(shown()).toBe(1);
    act(() => vi.advanceTimersByTime(1));
    expect(shown()).toBe(4);
  });

  it('holds the old value while told to, and catches up after', () => {
    const { rerender } = render(<Shown value={0} {...options} hold />);
    rerender(<Shown value={5} {...options} hold />);
    act(() => vi.advanceTimersByTime(5000));
    expect(shown()).toBe(0);
    rerender(<Shown value={5} {...options} />);
    act(() => vi.advanceTimersByTime(100));
    expect(shown()).toBe(5);
  });

  it('shows the value at once when the view changes (a choice of the user)', () => {
    const { rerender } = render(<Shown value={0} {...options} />);
    rerender(<Shown value={7} {...options} viewKey="b" />);
    expect(shown()).toBe(7);
  });
});
