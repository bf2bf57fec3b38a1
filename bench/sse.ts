/** A server-sent events reader for the bench: waits for the next event matching a predicate. */
export interface SseEvent {
  event: string;
  data: unknown;
  /** performance.now() when the event was read. */
  at: number;
}

export interface SseClient {
  /**
   * Resolves with the arrival time of the first matching event read at or after `after`
   * (performance.now() time; default: this call), including events already read.
   */
  next(match: (e: SseEvent) => boolean, opts?: { after?: number; timeoutMs?: number }): Promise<number>;
  close(): void;
}

export async function openEvents(url: string): Promise<SseClient> {
  const abort = new AbortController();
  const res = await fetch(url, { signal: abort.signal, headers: { accept: 'text/event-stream' } });
  if (!res.ok || !res.body) throw new Error(`${url}: HTTP ${res.status}`);
  const waiters = new Set<{ match: (e: SseEvent) => boolean; resolve: (at: number) => void }>();
  // Events read recently, so a waiter registered late still sees what arrived since its start.
  const recent: SseEvent[] = [];
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buf += value;
      let i = buf.indexOf('\n\n');
      while (i >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        i = buf.indexOf('\n\n');
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
        const raw = /^data: (.*)$/m.exec(block)?.[1] ?? 'null';
        const e: SseEvent = { event, data: JSON.parse(raw) as unknown, at: performance.now() };
        recent.push(e);
        if (recent.length > 10_000) recent.splice(0, recent.length - 5_000);
        for (const w of [...waiters]) {
          if (!w.match(e)) continue;
          waiters.delete(w);
          w.resolve(e.at);
        }
      }
    }
  })();
  return {
    next(match, { after = performance.now(), timeoutMs = 60_000 } = {}) {
      const seen = recent.find((e) => e.at >= after && match(e));
      if (seen) return Promise.resolve(seen.at);
      return new Promise((resolve, reject) => {
        const w = {
          match,
          resolve: (at: number) => {
            clearTimeout(timer);
            resolve(at);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`no matching server-sent event within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(w);
      });
    },
    close() {
      abort.abort();
    },
  };
}
