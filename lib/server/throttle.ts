/**
 * Calls `fn` at most once per `ms`: the first trigger of a quiet spell calls it at once, later
 * triggers within the interval are taken together at its end.
 */
export function throttle(ms: number, fn: () => void): { trigger: () => void; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = Number.NEGATIVE_INFINITY;
  const run = () => {
    timer = undefined;
    last = Date.now();
    fn();
  };
  return {
    trigger() {
      if (timer) return;
      const wait = last + ms - Date.now();
      if (wait <= 0) run();
      else timer = setTimeout(run, wait);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
