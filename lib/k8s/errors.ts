/**
 * The one error type for cluster access. 403 and 404 are information to render, not crashes.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly reason: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly objectName?: string;
  /** Field conflicts reported by server-side apply (409). */
  readonly conflicts?: { manager?: string; field?: string; message: string }[];

  constructor(
    message: string,
    opts: {
      status: number;
      reason?: string;
      kind?: string;
      namespace?: string;
      name?: string;
      conflicts?: { manager?: string; field?: string; message: string }[];
    },
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = opts.status;
    this.reason = opts.reason ?? '';
    this.kind = opts.kind;
    this.namespace = opts.namespace;
    this.objectName = opts.name;
    this.conflicts = opts.conflicts;
  }

  get forbidden(): boolean {
    return this.status === 403;
  }
  get notFound(): boolean {
    return this.status === 404;
  }
  get conflict(): boolean {
    return this.status === 409;
  }
}

/**
 * Whether `e` is an ApiError. By name too: a bundler may load this module more than once, and an
 * error thrown by the shared connection (kept on globalThis) then comes from another copy of the class.
 */
export function isApiError(e: unknown): e is ApiError {
  return (
    e instanceof ApiError ||
    (e instanceof Error && e.name === 'ApiError' && typeof (e as { status?: unknown }).status === 'number')
  );
}
