import { isLoopbackHost } from '../auth/config';

/** Largest request body the API reads (1 MiB). */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface HostPolicy {
  /** Configured names (MESH_MIGRATOR_ALLOWED_HOSTS), lower case, without port. */
  allowedHosts: readonly string[];
  /** Loopback names are served when the server listens on loopback. */
  loopback: boolean;
}

export interface Refusal {
  status: 400 | 401 | 403 | 413 | 415;
  error: string;
}

/** `host` of a Host header value without the port; `[::1]:3000` → `::1`. */
export function hostName(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']'));
  return h.replace(/:\d+$/, '');
}

/** The Host must be one the server serves: loopback names on loopback, configured names otherwise (no DNS rebinding). */
export function checkHost(hostHeader: string | null, policy: HostPolicy): Refusal | undefined {
  if (!hostHeader) return { status: 400, error: 'the request has no Host header' };
  const name = hostName(hostHeader);
  if (policy.allowedHosts.includes(name)) return undefined;
  if (policy.loopback && isLoopbackHost(name)) return undefined;
  return {
    status: 403,
    error: `host "${name}" is not served here${policy.loopback ? '' : ' (MESH_MIGRATOR_ALLOWED_HOSTS)'}`,
  };
}

/**
 * A request that changes something must come from the dashboard's own pages: its Origin must name
 * the Host it was sent to, or, without Origin, Sec-Fetch-Site must be `same-origin`.
 */
export function checkOrigin(headers: Headers): Refusal | undefined {
  const origin = headers.get('origin');
  const host = headers.get('host');
  if (origin) {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return { status: 403, error: `Origin "${origin}" is not this dashboard` };
    }
    if ((url.protocol === 'http:' || url.protocol === 'https:') && host && url.host === host.toLowerCase())
      return undefined;
    return { status: 403, error: `Origin "${origin}" is not this dashboard` };
  }
  const site = headers.get('sec-fetch-site');
  if (site === 'same-origin') return undefined;
  if (site) return { status: 403, error: `a ${site} request cannot change anything here` };
  return { status: 403, error: 'a request that changes something must carry Origin (or Sec-Fetch-Site)' };
}

/** Bodies of writes are JSON, which a cross-site form or `text/plain` fetch cannot send without a preflight. */
export function checkContentType(headers: Headers): Refusal | undefined {
  const ct = headers.get('content-type');
  const type = ct?.split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') return undefined;
  return { status: 415, error: `Content-Type must be application/json (got ${ct ? `"${ct}"` : 'none'})` };
}

/** A declared length over the cap is refused before anything is read. */
export function checkDeclaredLength(headers: Headers, max = MAX_BODY_BYTES): Refusal | undefined {
  const len = headers.get('content-length');
  if (len !== null && Number(len) > max) return { status: 413, error: `request body over ${max} bytes` };
  return undefined;
}

export class BodyTooLargeError extends Error {}

/** Reads a body stream up to `max` bytes; stops reading (and cancels) as soon as it goes over. */
export async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  max = MAX_BODY_BYTES,
): Promise<Uint8Array<ArrayBuffer>> {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError(`request body over ${max} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** Headers every response carries; the CSP forbids framing (clickjacking) and foreign scripts. */
export function securityHeaders(dev: boolean): { key: string; value: string }[] {
  const csp = [
    "default-src 'self'",
    // Next's App Router inlines its bootstrap scripts; dev mode also evaluates code.
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return [
    { key: 'Content-Security-Policy', value: csp },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'no-referrer' },
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  ];
}
