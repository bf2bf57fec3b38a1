import 'server-only';
import type { ObjectStore } from '../cluster/store';
import { ApiError, isApiError } from './errors';
import { cacheStrings } from './intern';
import { crdName, type KindDescriptor } from './kinds';
import type { KubeObject } from './objects';
import { resourcePath } from './paths';
import {
  continueAheadProtobuf,
  type DecodedList,
  isProtobuf,
  PROTOBUF,
  PROTOBUF_ACCEPT,
  PROTOBUF_LISTS,
  ProtobufError,
} from './protobuf';
import type { WatchEventType } from './reduce';
import type { RestClient } from './rest';
import { stripOwned } from './strip';
import { reduceForCache } from './transform';

interface ListResponse {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: KubeObject[];
}

export interface InformerOptions {
  /** Namespaces to fall back to when a cluster-wide list is forbidden. */
  fallbackNamespaces?: string[];
  /** Called on transport errors (for logs). */
  onError?: (d: KindDescriptor, e: unknown) => void;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /**
   * Lists of kinds with a protobuf decoder read as protobuf (default: unless
   * MESH_MIGRATOR_API_PROTOBUF=off); false reads every list as JSON.
   */
  protobuf?: boolean;
}

const FIRST_LIST_GRACE_MS = 10_000;
// Lists are read in pages (limit/continue): no single huge response to buffer and parse at once.
const PAGE_SIZE = 500;

function isTransient(e: unknown): boolean {
  return isApiError(e) && (e.status === 429 || e.status >= 500);
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });

/**
 * Keeps one kind current in the store: list, then watch from the list's resourceVersion; re-watch
 * when the server closes the stream; relist on 410 Gone; back off and retry when the server is away.
 * A kind whose CRD is absent (404) or that the user may not list (403) is recorded as such.
 */
export class Informer {
  private readonly abort = new AbortController();
  private readonly startedAt = Date.now();
  private firstList: Promise<void>;
  private resolveFirst!: () => void;
  /** Lists read as protobuf, decoded straight into the cached shape; JSON after a body it cannot read. */
  private protobuf: ((body: Uint8Array) => DecodedList) | undefined;

  constructor(
    private readonly rest: RestClient,
    private readonly d: KindDescriptor,
    private readonly store: ObjectStore,
    private readonly opts: InformerOptions = {},
  ) {
    this.firstList = new Promise((r) => {
      this.resolveFirst = r;
    });
    const protobuf = opts.protobuf ?? process.env.MESH_MIGRATOR_API_PROTOBUF?.trim().toLowerCase() !== 'off';
    this.protobuf = protobuf ? PROTOBUF_LISTS[d.key] : undefined;
  }

  /** Starts the loop; resolves once the first list finished (or failed and was recorded). */
  start(): Promise<void> {
    void this.loop();
    return this.firstList;
  }

  stop(): void {
    this.abort.abort();
    this.resolveFirst();
  }

  private listQuery() {
    return { labelSelector: this.d.labelSelector, fieldSelector: this.d.fieldSelector };
  }

  /** Lists `scope`; a first cluster-wide list tells the store how far it has come after each page. */
  private async list(
    scope: (string | undefined)[],
    progress = false,
  ): Promise<{ items: KubeObject[]; rvs: Map<string | undefined, string> }> {
    const items: KubeObject[] = [];
    // Objects read as JSON, their strings pooled once the lists are done; decoded ones come pooled.
    const parsed: KubeObject[] = [];
    const rvs = new Map<string | undefined, string>();
    const apiVersion = this.d.group ? `${this.d.group}/${this.d.version}` : this.d.version;
    for (const ns of scope) {
      let next: Page | undefined = this.page(ns, undefined);
      while (next) {
        const current: Page = next;
        // The next page is asked for as soon as this one's metadata has come, before the rest of
        // it is read and parsed, so the API server prepares it meanwhile; the token read ahead is
        // checked against the parsed one.
        const ahead = await current.ahead;
        next = ahead ? this.page(ns, ahead) : undefined;
        const body = await current.body;
        let cont: string | undefined;
        let rv: string | undefined;
        if (typeof body === 'string') {
          const res = JSON.parse(body) as ListResponse;
          cont = res.metadata?.continue || undefined;
          rv = res.metadata?.resourceVersion;
          for (const item of res.items ?? []) {
            const reduced = this.reduced({ ...item, apiVersion, kind: this.d.kind });
            items.push(reduced);
            parsed.push(reduced);
          }
        } else {
          const res = body.decode(body.bytes);
          cont = res.continue;
          rv = res.resourceVersion;
          for (const item of res.items) items.push(item);
        }
        if (cont !== ahead) next = cont ? this.page(ns, cont) : undefined;
        // Every page of one list carries the list's resourceVersion; the watch starts from it.
        rvs.set(ns, rv ?? '');
        if (progress) this.store.listed(this.d.key, items);
      }
    }
    cacheStrings.later(parsed);
    return { items, rvs };
  }

  /**
   * One page of the list, as text, and its continue token read from the page's start as soon as
   * that has come (undefined when it is not there). A page asked for ahead and then not read
   * rejects unobserved.
   */
  private page(ns: string | undefined, cont: string | undefined): Page {
    let found: (token: string | undefined) => void = () => {};
    const ahead = new Promise<string | undefined>((resolve) => {
      found = resolve;
    });
    const path = resourcePath(this.d, ns);
    const query = { ...this.listQuery(), limit: PAGE_SIZE, continue: cont };
    const decode = this.protobuf;
    const body: Promise<PageBody> = decode
      ? this.rest
          .requestBody('GET', path, {
            query,
            accept: PROTOBUF_ACCEPT,
            signal: this.abort.signal,
            onHead: (head) => found(headToken(head)),
          })
          .then(({ body, contentType }) =>
            contentType.startsWith(PROTOBUF) ? { bytes: body, decode } : body.toString('utf8'),
          )
      : this.rest.requestText('GET', path, {
          query,
          signal: this.abort.signal,
          onHead: (head) => found(continueAhead(head)),
        });
    // Whichever comes first: the start of the body, or all of it (or its failure).
    body.then(
      (b) => found(typeof b === 'string' ? continueAhead(b) : continueAheadProtobuf(b.bytes)),
      () => found(undefined),
    );
    return { ahead, body };
  }

  private async loop(): Promise<void> {
    const signal = this.abort.signal;
    let backoff = this.opts.minBackoffMs ?? 500;
    const maxBackoff = this.opts.maxBackoffMs ?? 5_000;
    let scope: (string | undefined)[] = [undefined];
    let listedOnce = false;
    while (!signal.aborted) {
      let listed: Awaited<ReturnType<Informer['list']>>;
      try {
        listed = await this.list(scope, !listedOnce && scope[0] === undefined);
      } catch (e) {
        if (signal.aborted) return;
        // A protobuf body this decoder cannot read (an API server of another layout): JSON from now on.
        if (e instanceof ProtobufError && this.protobuf) {
          this.opts.onError?.(this.d, e);
          this.protobuf = undefined;
          continue;
        }
        if (
          isApiError(e) &&
          e.status === 403 &&
          scope[0] === undefined &&
          this.d.namespaced &&
          this.opts.fallbackNamespaces?.length
        ) {
          scope = this.opts.fallbackNamespaces;
          continue;
        }
        // A server that is starting (429 "storage is (re)initializing", 5xx) gets a few quick retries
        // before the kind is reported, so a fresh connection does not flash errors.
        if (!listedOnce && isTransient(e) && Date.now() - this.startedAt < FIRST_LIST_GRACE_MS) {
          await sleep(backoff, signal);
          backoff = Math.min(maxBackoff, backoff * 2);
          continue;
        }
        this.record(e);
        this.resolveFirst();
        // Missing CRDs and 403s are re-checked slowly: an install or a new RoleBinding shows up eventually.
        await sleep(isApiError(e) && (e.status === 404 || e.status === 403) ? 30_000 : backoff, signal);
        backoff = Math.min(maxBackoff, backoff * 2);
        continue;
      }
      listedOnce = true;
      this.store.replace(this.d.key, listed.items);
      if (scope[0] !== undefined) {
        this.store.setStatus(this.d.key, {
          state: 'ok',
          message: `cluster-wide list forbidden; showing namespace ${scope.join(', ')}`,
        });
      }
      this.resolveFirst();
      backoff = this.opts.minBackoffMs ?? 500;
      // One watch per scope entry; any 410 or error from one ends the round and leads to a relist.
      const relist = await Promise.all(scope.map((ns) => this.watchFrom(ns, listed.rvs.get(ns) ?? '')));
      if (signal.aborted) return;
      if (relist.some((r) => r === 'error')) {
        await sleep(backoff, signal);
        backoff = Math.min(maxBackoff, backoff * 2);
      }
    }
  }

  /** Watches until 410 Gone or an error; re-watches on clean close. */
  private async watchFrom(ns: string | undefined, rv: string): Promise<'gone' | 'error'> {
    const signal = this.abort.signal;
    let resourceVersion = rv;
    while (!signal.aborted) {
      let gone = false;
      try {
        await this.rest.watch(
          resourcePath(this.d, ns),
          { ...this.listQuery(), resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 240 },
          (type, raw) => {
            const obj = raw as KubeObject & { code?: number };
            if (type === 'ERROR') {
              if (obj.code === 410) gone = true;
              return;
            }
            if (obj.metadata?.resourceVersion) resourceVersion = obj.metadata.resourceVersion;
            if (type === 'BOOKMARK') return;
            const apiVersion = this.d.group ? `${this.d.group}/${this.d.version}` : this.d.version;
            this.store.event(
              this.d.key,
              type as WatchEventType,
              this.cached({ ...obj, apiVersion, kind: this.d.kind }),
            );
          },
          signal,
        );
      } catch (e) {
        if (signal.aborted) return 'gone';
        if (isApiError(e) && e.status === 410) return 'gone';
        this.opts.onError?.(this.d, e);
        // Right after start a server may still be warming its watch cache: relist quietly.
        if (!(isTransient(e) && Date.now() - this.startedAt < FIRST_LIST_GRACE_MS)) {
          this.store.setStatus(this.d.key, {
            state: 'error',
            message: `watch interrupted: ${errorText(e)}; reconnecting`,
          });
        }
        return 'error';
      }
      if (gone) return 'gone';
    }
    return 'gone';
  }

  /**
   * What the cache keeps of an object: stripped, then reduced to the fields the product reads. The
   * object is one just parsed, with its kind added: nothing else holds it or its metadata.
   */
  private reduced(obj: KubeObject): KubeObject {
    return reduceForCache(this.d.key, stripOwned(obj));
  }

  /** A watched object as cached: reduced, its repeated strings pooled at once (one object at a time). */
  private cached(obj: KubeObject): KubeObject {
    return cacheStrings.object(this.reduced(obj));
  }

  private record(e: unknown): void {
    if (isApiError(e) && e.status === 404) {
      this.store.setStatus(this.d.key, {
        state: this.d.crd ? 'missing' : 'error',
        message: this.d.crd
          ? `CRD ${crdName(this.d)} is not installed`
          : `${this.d.plural} not served by this API server`,
        count: 0,
      });
    } else if (isApiError(e) && e.status === 403) {
      this.store.setStatus(this.d.key, {
        state: 'forbidden',
        message: `you cannot list ${this.d.label}: ${e.message}`,
        count: 0,
      });
    } else {
      this.opts.onError?.(this.d, e);
      this.store.setStatus(this.d.key, { state: 'error', message: errorText(e) });
    }
  }
}

/** A page's body: JSON text, or protobuf bytes and their decoder. */
type PageBody = string | { bytes: Buffer; decode: (body: Uint8Array) => DecodedList };

interface Page {
  ahead: Promise<string | undefined>;
  body: Promise<PageBody>;
}

/** The continue token at the start of a body asked for as protobuf (which may have come as JSON). */
function headToken(head: Buffer): string | undefined {
  return isProtobuf(head) ? continueAheadProtobuf(head) : continueAhead(head.toString('utf8'));
}

/**
 * The continue token of a list page, read from the list's metadata before its items (the API
 * server writes `metadata` first); undefined when there is none or it is not found there.
 */
export function continueAhead(text: string): string | undefined {
  const items = text.indexOf('"items":');
  if (items < 0 || items > 4096) return undefined;
  const m = /"continue":"([^"\\]+)"/.exec(text.slice(0, items));
  return m?.[1];
}

function errorText(e: unknown): string {
  if (e instanceof ApiError || e instanceof Error) return e.message;
  return String(e);
}
