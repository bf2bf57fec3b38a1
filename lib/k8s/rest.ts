import 'server-only';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { HttpMethod, type KubeConfig, RequestContext } from '@kubernetes/client-node';
import { fetch } from 'undici';
import { ApiError } from './errors';
import { compressionDisabled } from './kubeconfig';
import { decodeStatus, PROTOBUF } from './protobuf';

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
  /** The `Accept` header; JSON unless given. */
  accept?: string;
  /**
   * Called once with the start of a successful body (its first {@link HEAD_BYTES}, decoded) as
   * soon as it has come, before the rest: a list page's continue token is there.
   */
  onHead?: (head: string) => void;
}

/** {@link RequestOptions} for a body read as bytes: `onHead` is given the start's bytes. */
export interface BodyOptions extends Omit<RequestOptions, 'onHead'> {
  onHead?: (head: Buffer) => void;
}

/** How much of a body `onHead` is given. */
export const HEAD_BYTES = 4096;

/** Reads a body to its end, telling `onHead` its start on the way. */
async function readBody(
  body: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }> } },
  onHead: (head: Buffer) => void,
): Promise<Buffer> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let told = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done || !value) break;
    chunks.push(value);
    size += value.byteLength;
    if (!told && size >= HEAD_BYTES) {
      told = true;
      onHead(Buffer.concat(chunks, size).subarray(0, HEAD_BYTES));
    }
  }
  const all = Buffer.concat(chunks, size);
  if (!told) onHead(all);
  return all;
}

interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; kind?: string; causes?: { type?: string; message?: string; field?: string }[] };
}

/** Turns a Kubernetes `Status` response into an ApiError; conflicts carry the other field managers. */
export function errorFromStatus(status: number, body: unknown, fallback: string): ApiError {
  const s = (typeof body === 'object' && body !== null ? body : {}) as StatusBody;
  const message = s.message || fallback;
  const conflicts =
    status === 409 && s.reason === 'Conflict' && s.details?.causes
      ? s.details.causes.map((c) => ({
          field: c.field,
          message: c.message ?? '',
          manager: /conflict with "([^"]+)"/.exec(c.message ?? '')?.[1],
        }))
      : undefined;
  return new ApiError(message, {
    status,
    reason: s.reason,
    kind: s.details?.kind,
    name: s.details?.name,
    conflicts,
  });
}

const METHODS: Record<string, HttpMethod> = {
  GET: HttpMethod.GET,
  POST: HttpMethod.POST,
  PUT: HttpMethod.PUT,
  PATCH: HttpMethod.PATCH,
  DELETE: HttpMethod.DELETE,
};

/**
 * The `Accept-Encoding` of every request. MESH_MIGRATOR_API_COMPRESSION=gzip or =off decides when
 * set. Otherwise responses come uncompressed when the kubeconfig's cluster says
 * `disable-compression: true`, from an API server on this machine or, in a pod, from the cluster's own (compressing and decompressing a 120 MB pod list costs both sides seconds of CPU
 * where bandwidth is plentiful, which is why Kubernetes' own control-plane clients ask for none),
 * and gzip-compressed, as kubectl asks, from any other: a kubeconfig's server may be across a VPN.
 */
export function acceptEncoding(
  env: Record<string, string | undefined> = process.env,
  server?: { url: string; inCluster?: boolean; disabled?: boolean },
): 'gzip' | 'identity' {
  const v = env.MESH_MIGRATOR_API_COMPRESSION?.trim().toLowerCase();
  if (v === 'off' || v === 'false' || v === '0' || v === 'identity') return 'identity';
  if (v === 'gzip' || v === 'on' || v === 'true' || v === '1') return 'gzip';
  if (server && (server.disabled || server.inCluster || isLoopback(server.url))) return 'identity';
  return 'gzip';
}

function isLoopback(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return false;
  }
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Extra headers sent with every request, e.g. `Impersonate-User`/`Impersonate-Group` (repeatable). */
export type ExtraHeaders = readonly (readonly [string, string])[];

/** A thin JSON client over the API server, authenticated by the kubeconfig's current context. */
export class RestClient {
  // One dispatcher (TLS settings, connection pool) for every request: connections are kept alive
  // and reused, instead of a handshake per request.
  private dispatcher: ReturnType<RequestContext['getDispatcher']> | undefined;
  private encoding: 'gzip' | 'identity' | undefined;

  constructor(
    private readonly kc: KubeConfig,
    private readonly extraHeaders: ExtraHeaders = [],
  ) {}

  get server(): string {
    const c = this.kc.getCurrentCluster();
    if (!c) throw new Error('kubeconfig has no current cluster');
    return c.server;
  }

  private async prepare(method: string, path: string, opts: BodyOptions) {
    const url = new URL(this.server.replace(/\/$/, '') + path);
    for (const [k, v] of Object.entries(opts.query ?? {}))
      if (v !== undefined) url.searchParams.set(k, String(v));
    const m = METHODS[method];
    if (!m) throw new Error(`unsupported method ${method}`);
    const ctx = new RequestContext(url.toString(), m);
    await this.kc.applySecurityAuthentication(ctx);
    const base = ctx.getHeaders() as unknown as Record<string, string>;
    base.accept = opts.accept ?? 'application/json';
    // client-node names the cluster of a service account's configuration `inCluster`.
    this.encoding ??= acceptEncoding(process.env, {
      url: this.server,
      inCluster: this.kc.getCurrentCluster()?.name === 'inCluster',
      disabled: compressionDisabled(this.kc),
    });
    base['accept-encoding'] = this.encoding;
    if (opts.body !== undefined) base['content-type'] = opts.contentType ?? 'application/json';
    const headers: [string, string][] = [
      ...Object.entries(base),
      ...this.extraHeaders.map(([k, v]) => [k, v] as [string, string]),
    ];
    this.dispatcher ??= ctx.getDispatcher();
    return { url, headers, dispatcher: this.dispatcher };
  }

  async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const text = await this.requestText(method, path, opts);
    try {
      return (text ? JSON.parse(text) : undefined) as T;
    } catch {
      return undefined as T;
    }
  }

  /** The body of a successful response as text, unparsed; an error status throws as `request` does. */
  async requestText(method: string, path: string, opts: RequestOptions = {}): Promise<string> {
    const { onHead, ...rest } = opts;
    const { body } = await this.requestBody(method, path, {
      ...rest,
      onHead: onHead && ((head) => onHead(head.toString('utf8'))),
    });
    return body.toString('utf8');
  }

  /**
   * The body of a successful response as bytes, with its content type (a protobuf `Accept` may be
   * answered with JSON); an error status throws as `request` does, its Status read in either encoding.
   */
  async requestBody(
    method: string,
    path: string,
    opts: BodyOptions = {},
  ): Promise<{ body: Buffer; contentType: string }> {
    const { url, headers, dispatcher } = await this.prepare(method, path, opts);
    let res: Awaited<ReturnType<typeof fetch>>;
    try {
      res = await fetch(url, {
        method,
        headers,
        dispatcher,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal: opts.signal ?? AbortSignal.timeout(30_000),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new ApiError(
        `cannot reach the API server at ${this.server}: ${cause?.code ?? cause?.message ?? String(e)}`,
        {
          status: 0,
          reason: 'Unreachable',
        },
      );
    }
    const contentType = res.headers.get('content-type') ?? '';
    const body =
      res.ok && opts.onHead && res.body
        ? await readBody(res.body, opts.onHead)
        : Buffer.from(await res.arrayBuffer());
    if (!res.ok) {
      const protobuf = contentType.startsWith(PROTOBUF);
      let status: unknown;
      try {
        status = protobuf ? decodeStatus(body) : body.length ? JSON.parse(body.toString('utf8')) : undefined;
      } catch {
        status = undefined;
      }
      const shown = protobuf ? (status as { message?: string }).message : body.toString('utf8', 0, 200);
      throw errorFromStatus(res.status, status, `${method} ${path}: HTTP ${res.status} ${shown ?? ''}`);
    }
    return { body, contentType };
  }

  /**
   * Streams a watch. Calls `onEvent` per event line; resolves when the server closes the stream,
   * rejects on transport errors. Abort through `signal`.
   */
  async watch(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    onEvent: (type: string, object: unknown) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const { url, headers, dispatcher } = await this.prepare('GET', path, {
      query: { ...query, watch: true },
    });
    const res = await fetch(url, { method: 'GET', headers, dispatcher, signal });
    if (!res.ok || !res.body) {
      const text = await res.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      throw errorFromStatus(res.status, body, `watch ${path}: HTTP ${res.status}`);
    }
    const lines = createInterface({
      input: Readable.fromWeb(res.body as Parameters<typeof Readable.fromWeb>[0]),
    });
    for await (const line of lines) {
      if (!line.trim()) continue;
      const ev = JSON.parse(line) as { type: string; object: unknown };
      onEvent(ev.type, ev.object);
    }
  }
}
