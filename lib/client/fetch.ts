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

/** Fetches JSON from the app's own API; non-2xx answers become a FetchError with the server's message. */
export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init?.headers ?? {}) },
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
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
