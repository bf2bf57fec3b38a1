import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttle } from './throttle';

describe('throttle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('calls at once after a quiet spell, then takes the triggers of one interval together', () => {
    const fn = vi.fn();
    const t = throttle(250, fn);
    t.trigger();
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(100);
    t.trigger();
    t.trigger();
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(149);
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1000);
    t.trigger();
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it('calls nothing after cancel', () => {
    const fn = vi.fn();
    const t = throttle(250, fn);
    t.trigger();
    t.trigger();
    t.cancel();
    vi.advanceTimersByTime(1000);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
