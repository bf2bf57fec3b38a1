import 'server-only';
import type { NextResponse } from 'next/server';
import type { z } from 'zod';
import type { MigrationPlan } from '../migrate';
import type { RequestContext } from '../server/handler';
import { currentPlan } from '../server/migration';
import { badRequest, parseBody, validNamespace } from '../server/respond';
import { readOnlyRefusal } from '../server/write-step';
import type { StepParams } from '../views/migration-params';

export type StepRequest<T> = { ok: true; body: T; plan: MigrationPlan } | { ok: false; res: NextResponse };

/**
 * The namespace and body of a step's preview or apply, and the plan the server computes for them
 * now, the same for both. Refused, in this order: a namespace that is not a DNS label (400), writes
 * off for this request when `writes` (403), a body the schema does not accept (400, with its messages).
 */
export async function stepRequest<S extends z.ZodType<StepParams>>(
  ctx: RequestContext,
  req: Request,
  ns: string,
  schema: S,
  opts: { writes: boolean },
): Promise<StepRequest<z.infer<S>>> {
  if (!validNamespace(ns)) return { ok: false, res: badRequest('namespace must be a DNS label') };
  const ro = opts.writes ? readOnlyRefusal(ctx) : undefined;
  if (ro) return { ok: false, res: ro };
  const body = await parseBody(req, schema);
  if (!body.ok) return body;
  const { gatewayClass, certificates, target } = body.data;
  return {
    ok: true,
    body: body.data,
    plan: currentPlan(ctx.conn.source, ns, gatewayClass, certificates, target),
  };
}
