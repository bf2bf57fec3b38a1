import { type RegistryEvent, subscribeRegistry } from '@/lib/cluster/registry';
import { route } from '@/lib/server/handler';

export const dynamic = 'force-dynamic';

// Changes arrive in bursts (a rollout touches many pods); one message per interval is enough for the UI.
const THROTTLE_MS = 250;

/** Change notifications (no data) for the connection this session looks at. */
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
      let pending: RegistryEvent | undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const flush = () => {
        timer = undefined;
        if (pending) send(pending.type, pending);
        pending = undefined;
      };
      const off = subscribeRegistry((e) => {
        if (e.id !== conn.id) return;
        pending = e;
        timer ??= setTimeout(flush, THROTTLE_MS);
      });
      const keepAlive = setInterval(() => send('ping', {}), 15_000);
      cleanup = () => {
        off();
        clearInterval(keepAlive);
        if (timer) clearTimeout(timer);
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
