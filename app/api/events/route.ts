import { type RegistryEvent, subscribeRegistry } from '@/lib/cluster/registry';
import { route } from '@/lib/server/handler';
import { type SummaryUpdate, watchSummary } from '@/lib/server/summary';
import { throttle } from '@/lib/server/throttle';

export const dynamic = 'force-dynamic';

// Changes arrive in bursts (a rollout touches many pods): at most one message of a kind per
// interval. `change` refetches only what the named namespaces show, `summary` the Overview too.
const CHANGE_MS = 100;
const SUMMARY_MS = 250;

type Pending = { revision: number; namespaces?: string[] };

/** Two messages of one interval become one; namespaces add up, and "all" (no list) wins. */
function merge(a: Pending | undefined, b: Pending): Pending {
  if (!a) return b;
  if (!a.namespaces || !b.namespaces) return { revision: b.revision };
  return { revision: b.revision, namespaces: [...new Set([...a.namespaces, ...b.namespaces])].sort() };
}

/**
 * Change notifications for the connection this session looks at: `change` as soon as objects
 * change (with the namespaces they touched), `summary` when the background summary has caught up
 * (with the namespaces it recomputed).
 */
export const GET = route({ write: false, allowDisconnected: true }, (ctx, req) => {
  const conn = ctx.conn;
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (event: string, data: unknown) => {
        try {
          controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
        } catch {
          cleanup();
        }
      };
      send('hello', { id: conn.id, revision: conn.source.snapshot().revision });
      const pending: { change?: Pending; summary?: Pending; switch?: RegistryEvent } = {};
      const changes = throttle(CHANGE_MS, () => {
        if (pending.switch) send('switch', pending.switch);
        if (pending.change) send('change', { type: 'change', id: conn.id, ...pending.change });
        pending.change = undefined;
        pending.switch = undefined;
      });
      const summaries = throttle(SUMMARY_MS, () => {
        if (pending.summary) send('summary', { type: 'summary', id: conn.id, ...pending.summary });
        pending.summary = undefined;
      });
      const offSummary = conn.error
        ? () => {}
        : watchSummary(conn.source, (u: SummaryUpdate) => {
            pending.summary = merge(pending.summary, u);
            summaries.trigger();
          });
      const off = subscribeRegistry((e) => {
        if (e.id !== conn.id) return;
        if (e.type === 'switch') pending.switch = e;
        else
          pending.change = merge(
            pending.change,
            e.namespaces ? { revision: e.revision, namespaces: e.namespaces } : { revision: e.revision },
          );
        changes.trigger();
      });
      const keepAlive = setInterval(() => send('ping', {}), 15_000);
      cleanup = () => {
        off();
        offSummary();
        clearInterval(keepAlive);
        changes.cancel();
        summaries.cancel();
      };
      req.signal.addEventListener('abort', () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
    },
  });
});
