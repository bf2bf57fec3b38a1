import { processWide } from '../model/process-wide';

/**
 * Requests first, background work after: API handlers count themselves while they run, and the
 * background model, between two slices of a recompute, waits (a bounded while) for the handlers
 * running then to finish. A request that arrives during a recompute then waits for one slice, not
 * for a slice at each of its own turns of the event loop.
 */
const state = processWide('server:foreground', () => ({ running: 0 }));

/** Runs `work` as foreground: background slices hold back until it settles. */
export async function foreground<T>(work: () => Promise<T>): Promise<T> {
  state.running += 1;
  try {
    return await work();
  } finally {
    state.running -= 1;
  }
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

/**
 * Lets events and requests through between two background slices: one turn of the event loop,
 * then, while foreground work runs, short waits up to `maxWaitMs` in all.
 */
export async function backgroundTurn(maxWaitMs: number): Promise<void> {
  await turn();
  const until = performance.now() + maxWaitMs;
  while (state.running > 0 && performance.now() < until) await tick();
}
