import 'server-only';
import { NextResponse } from 'next/server';
import type { z } from 'zod';
import { type Connection, getConnection } from '../cluster/registry';

const NS = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function badRequest(message: string) {
  return NextResponse.json({ error: message }, { status: 400 });
}

/** Parses a JSON body with a schema; a bad body becomes a 400 with the schema's messages. */
export async function parseBody<T extends z.ZodType>(
  req: Request,
  schema: T,
): Promise<{ ok: true; data: z.infer<T> } | { ok: false; res: NextResponse }> {
  const NOT_JSON = Symbol('not JSON');
  const body: unknown = await req.json().catch(() => NOT_JSON);
  if (body === NOT_JSON) return { ok: false, res: badRequest('invalid request: the body is not JSON') };
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    return {
      ok: false,
      res: badRequest(
        `invalid request: ${parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ')}`,
      ),
    };
  return { ok: true, data: parsed.data };
}

/** The current connection, or the 503 to answer when the cluster cannot be reached. */
export async function connected(): Promise<
  { ok: true; conn: Connection } | { ok: false; res: NextResponse }
> {
  const conn = await getConnection();
  if (conn.error) return { ok: false, res: NextResponse.json({ error: conn.error }, { status: 503 }) };
  return { ok: true, conn };
}

export function validNamespace(ns: string): boolean {
  return NS.test(ns) && ns.length <= 63;
}
