/** Error raised for a failed API call; carries the server's message. */
export class FetchError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

let csrf: Promise<string> | undefined;

/** The session's CSRF token, fetched once per page load (it also starts the session in local mode). */
export function csrfToken(): Promise<string> {
  csrf ??= fetch('/api/auth/session', { cache: 'no-store' })
    .then(async (r) => {
      const body = (await r.json()) as { csrf?: string; error?: string };
      if (!r.ok || !body.csrf) throw new FetchError(body.error ?? `HTTP ${r.status}`, r.status, body);
      return body.csrf;
    })
    .catch((e) => {
      csrf = undefined;
      throw e;
    });
  return csrf;
}

/** Forgets the CSRF token (after login or logout). */
export function resetCsrf(): void {
  csrf = undefined;
}

/**
 * Fetches JSON from the app's own API; non-2xx answers become a FetchError with the server's
 * message. Writes carry the session's CSRF token.
 */
export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const method = (init?.method ?? 'GET').toUpperCase();
  const write = method !== 'GET' && method !== 'HEAD';
  const res = await fetch(url, {
    ...init,
    headers: {
      'content-type': 'application/json',
      ...(write ? { 'x-csrf-token': await csrfToken() } : {}),
      ...(init?.headers ?? {}),
    },
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  if (res.status === 401 && typeof window !== 'undefined' && window.location.pathname !== '/login') {
    window.location.assign(
      `/login?returnTo=${encodeURIComponent(window.location.pathname + window.location.search)}`,
    );
  }
  if (!res.ok) {
    const msg = (body as { error?: string } | undefined)?.error ?? `HTTP ${res.status}`;
    throw new FetchError(msg, res.status, body);
  }
  return body as T;
}

/**
 * For actions whose failures still carry a structured result (HTTP 409/500 with a body that has a
 * `status`): returns that body instead of throwing, so the UI can show what changed.
 */
export async function fetchResult<T extends { status: string }>(url: string, init?: RequestInit): Promise<T> {
  try {
    return await fetchJson<T>(url, init);
  } catch (e) {
    if (e instanceof FetchError && typeof e.body === 'object' && e.body !== null && 'status' in e.body)
      return e.body as T;
    throw e;
  }
}
