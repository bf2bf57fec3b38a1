import { afterEach, describe, expect, it, vi } from 'vitest';
import { ObjectStore } from '../cluster/store';
import { continueAhead, Informer } from './informer';
import { kindByKey } from './kinds';
import type { RestClient } from './rest';

const CONFIGMAP = kindByKey('configmaps');

/** A list of `total` ConfigMaps served in pages, as the API server writes them (metadata first). */
function pagedServer(total: number, opts: { metadataLast?: boolean; headFirst?: boolean } = {}) {
  const asked: (string | undefined)[] = [];
  const parsedWhenAsked: number[] = [];
  const bodiesWhenAsked: number[] = [];
  let bodies = 0;
  let parsed = 0;
  const parse = JSON.parse;
  vi.spyOn(JSON, 'parse').mockImplementation((text: string, reviver?: Parameters<typeof parse>[1]) => {
    parsed += 1;
    return parse(text, reviver);
  });
  const rest = {
    requestText: async (
      _method: string,
      _path: string,
      o: { query: { limit: number; continue?: string }; onHead?: (head: string) => void },
    ) => {
      asked.push(o.query.continue);
      parsedWhenAsked.push(parsed);
      bodiesWhenAsked.push(bodies);
      const start = Number(o.query.continue ?? 0);
      const end = Math.min(total, start + o.query.limit);
      const items = Array.from({ length: end - start }, (_, i) => ({
        metadata: { name: `cm-${start + i}`, namespace: 'app', uid: `u${start + i}` },
        data: { k: 'v' },
      }));
      const metadata = { resourceVersion: '42', ...(end < total ? { continue: String(end) } : {}) };
      const body = opts.metadataLast
        ? `{"kind":"ConfigMapList","items":${JSON.stringify(items)},"metadata":${JSON.stringify(metadata)}}`
        : `{"kind":"ConfigMapList","apiVersion":"v1","metadata":${JSON.stringify(metadata)},"items":${JSON.stringify(items)}}`;
      if (opts.headFirst) {
        // The start of the page comes at once, the rest a moment later.
        o.onHead?.(body.slice(0, 4096));
        await new Promise((r) => setTimeout(r, 5));
      }
      bodies += 1;
      return body;
    },
    watch: (_p: string, _q: unknown, _on: unknown, signal: AbortSignal) =>
      new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve())),
  };
  return { rest: rest as unknown as RestClient, asked, parsedWhenAsked, bodiesWhenAsked };
}

/** The store an informer fills from `rest`'s first list (its watch is stopped at once). */
async function listedBy(rest: RestClient): Promise<ObjectStore> {
  const store = new ObjectStore();
  const informer = new Informer(rest, CONFIGMAP, store);
  await informer.start();
  informer.stop();
  return store;
}

afterEach(() => vi.restoreAllMocks());

describe('Informer list', () => {
  it('reads every page and asks for the next one before parsing the current one', async () => {
    const server = pagedServer(1_234);
    const store = await listedBy(server.rest);
    expect(server.asked).toEqual([undefined, '500', '1000']);
    // Page 2 is asked for while page 1 is still unparsed, page 3 while page 2 is.
    expect(server.parsedWhenAsked).toEqual([0, 0, 1]);
    const names = store.snapshot().resources.configmaps.map((c) => c.metadata.name);
    expect(names).toHaveLength(1_234);
    expect(new Set(names).size).toBe(1_234);
  });

  it("asks for the next page as soon as the current one's start has come, before the rest of it", async () => {
    const server = pagedServer(1_234, { headFirst: true });
    const store = await listedBy(server.rest);
    expect(server.asked).toEqual([undefined, '500', '1000']);
    // Page 2 is asked for before page 1's body has all come, page 3 before page 2's has.
    expect(server.bodiesWhenAsked).toEqual([0, 0, 1]);
    expect(store.snapshot().resources.configmaps).toHaveLength(1_234);
  });

  it('still reads every page when the continue token is not ahead of the items', async () => {
    const server = pagedServer(1_001, { metadataLast: true });
    const store = await listedBy(server.rest);
    expect(server.asked).toEqual([undefined, '500', '1000']);
    expect(server.parsedWhenAsked).toEqual([0, 1, 2]);
    expect(store.snapshot().resources.configmaps).toHaveLength(1_001);
  });
});

describe('continueAhead', () => {
  it('reads the token from the metadata before the items only', () => {
    expect(
      continueAhead('{"metadata":{"resourceVersion":"7","continue":"eyJ2IjoibWV0YSJ9"},"items":[]}'),
    ).toBe('eyJ2IjoibWV0YSJ9');
    expect(continueAhead('{"metadata":{"resourceVersion":"7"},"items":[{"continue":"x"}]}')).toBeUndefined();
    expect(continueAhead('{"items":[],"metadata":{"continue":"late"}}')).toBeUndefined();
    expect(continueAhead('not a list')).toBeUndefined();
  });
});
