import 'server-only';
import { NextResponse } from 'next/server';
import { isApiError } from '../k8s/errors';
import { serverAuth } from './auth';
import { type RequestContext, requestContext } from './context';
import { foreground } from './foreground';
import {
  BodyTooLargeError,
  checkContentType,
  checkDeclaredLength,
  checkHost,
  checkOrigin,
  MAX_BODY_BYTES,
  type Refusal,
  readCapped,
} from './guards';

export type { RequestContext } from './context';

export interface RouteOptions {
  /**
   * The route changes something (or acts for the user against the API server, like a dry run):
   * JSON body only (415), own Origin (403), CSRF token of the session (403), body cap (413).
   */
  write: boolean;
  /** Answer without a user (login, health). The Host check still applies. */
  public?: boolean;
  /** Run the handler even when the cluster cannot be reached (the header's status). */
  allowDisconnected?: boolean;
}

/** A route handler body: plain function of the context, the request and the route's params. */
export type Handler<P> = (ctx: RequestContext, req: Request, params: P) => Promise<Response> | Response;
export type PublicHandler<P> = (req: Request, params: P) => Promise<Response> | Response;

export const CSRF_HEADER = 'x-csrf-token';

export function refuse(
  r: { status: number; error: string },
  extra: Record<string, unknown> = {},
): NextResponse {
  return NextResponse.json({ error: r.error, ...extra }, { status: r.status });
}

function withCookies(res: Response, cookies: readonly string[]): Response {
  for (const c of cookies) res.headers.append('set-cookie', c);
  return res;
}

/** Checks that need no user: Host for every request; for writes, length, type and origin. */
export function preflight(req: Request, write: boolean): Refusal | undefined {
  const auth = serverAuth();
  const host = checkHost(req.headers.get('host'), {
    allowedHosts: auth.allowedHosts,
    loopback: auth.loopback,
  });
  if (host) return host;
  if (!write) return undefined;
  return checkDeclaredLength(req.headers) ?? checkContentType(req.headers) ?? checkOrigin(req.headers);
}

/** The body read up to the cap, as a new Request the handler can read as usual. */
async function bounded(req: Request): Promise<Request> {
  const body = await readCapped(req.body, MAX_BODY_BYTES);
  return new Request(req.url, {
    method: req.method,
    headers: req.headers,
    body: body.byteLength ? body : undefined,
  });
}

/** An ApiError the handler let through becomes its status with the message; a refusal is never a 500. */
export function errorResponse(e: unknown): Response {
  if (e instanceof BodyTooLargeError) return refuse({ status: 413, error: e.message });
  if (isApiError(e) && e.status >= 400 && e.status < 500)
    return NextResponse.json(
      { error: e.message, reason: e.reason, ...(e.conflicts ? { conflicts: e.conflicts } : {}) },
      { status: e.status },
    );
  if (isApiError(e) && e.status === 0) return refuse({ status: 503, error: e.message });
  console.error(e);
  return refuse({ status: 500, error: e instanceof Error ? e.message : String(e) });
}

type Segment<P> = { params: Promise<P> };

/**
 * Wraps every handler under `app/api`: guards, user, the user's view of the cluster.
 *
 *   export const POST = route({ write: true }, async (ctx, req, { ns }) => ...)
 *
 * `ctx.user` is the person, `ctx.conn.source`/`ctx.writer` read the shared cache as filtered by
 * their RBAC and write as them; 401 without a session, 503 when the cluster cannot be reached.
 */
export function route<P = Record<string, never>>(opts: RouteOptions & { public?: false }, fn: Handler<P>) {
  return (req: Request, segment?: Segment<P>): Promise<Response> => foreground(() => handle(req, segment));
  async function handle(req: Request, segment?: Segment<P>): Promise<Response> {
    const pre = preflight(req, opts.write);
    if (pre) return refuse(pre);
    try {
      const built = await requestContext(req.headers);
      if (!built.ok) return withCookies(refuse(built), built.setCookies);
      const { ctx } = built;
      if (opts.write) {
        const sent = req.headers.get(CSRF_HEADER);
        if (!ctx.session || !sent || sent !== ctx.session.csrf)
          return refuse({
            status: 403,
            error: `missing or stale CSRF token (${CSRF_HEADER}): reload the page`,
          });
        req = await bounded(req);
      }
      if (ctx.conn.error && !opts.allowDisconnected)
        return withCookies(refuse({ status: 503, error: ctx.conn.error }), built.setCookies);
      const params = (segment ? await segment.params : {}) as P;
      return withCookies(await fn(ctx, req, params), built.setCookies);
    } catch (e) {
      return errorResponse(e);
    }
  }
}

/** A route anyone may call (login, health): Host and write guards, no user. */
export function publicRoute<P = Record<string, never>>(
  opts: { write: boolean; anyHost?: boolean },
  fn: PublicHandler<P>,
) {
  return async (req: Request, segment?: Segment<P>): Promise<Response> => {
    const pre = opts.anyHost && !opts.write ? undefined : preflight(req, opts.write);
    if (pre) return refuse(pre);
    try {
      if (opts.write) req = await bounded(req);
      const params = (segment ? await segment.params : {}) as P;
      return await fn(req, params);
    } catch (e) {
      return errorResponse(e);
    }
  };
}
