import { expect } from 'vitest';

type Params = Record<string, string>;
/** A route handler as `app/api/**` exports it. */
export type RouteHandler = (req: Request, segment: { params: Promise<Params> }) => Promise<Response>;

export interface Call {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: test responses are read field by field
  body: any;
  res: Response;
}

export const ORIGIN = 'http://127.0.0.1:3000';

/**
 * A browser session against the dashboard's real route handlers, called in-process: it keeps the
 * session cookie, sends the CSRF token on writes, and lets a test break any of the rules.
 */
export class DashboardClient {
  readonly cookies = new Map<string, string>();
  csrf?: string;

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair?.indexOf('=') ?? -1;
      if (!pair || i < 0) continue;
      const name = pair.slice(0, i);
      const value = pair.slice(i + 1);
      if (/Max-Age=0/i.test(c) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async call(
    handler: RouteHandler,
    path: string,
    opts: {
      method?: string;
      body?: unknown;
      params?: Params;
      headers?: Record<string, string | undefined>;
      rawBody?: BodyInit;
    } = {},
  ): Promise<Call> {
    const method = opts.method ?? (opts.body !== undefined || opts.rawBody !== undefined ? 'POST' : 'GET');
    const write = method !== 'GET';
    const base: Record<string, string> = { host: '127.0.0.1:3000' };
    if (this.cookies.size) base.cookie = this.cookieHeader();
    if (write) {
      base.origin = ORIGIN;
      base['content-type'] = 'application/json';
      if (this.csrf) base['x-csrf-token'] = this.csrf;
    }
    const headers = new Headers();
    for (const [k, v] of Object.entries({ ...base, ...(opts.headers ?? {}) }))
      if (v !== undefined) headers.set(k, v);
    const req = new Request(`${ORIGIN}${path}`, {
      method,
      headers,
      ...(opts.rawBody !== undefined
        ? { body: opts.rawBody, duplex: 'half' }
        : opts.body !== undefined
          ? { body: JSON.stringify(opts.body) }
          : {}),
    } as RequestInit);
    const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
    this.keep(res);
    const text = await res.clone().text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return { status: res.status, body, res };
  }

  /** Fetches the CSRF token (and, without login, starts the session). */
  async startSession(sessionGet: RouteHandler): Promise<void> {
    const r = await this.call(sessionGet, '/api/auth/session');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    this.csrf = r.body.csrf;
  }
}
