import { NextResponse } from 'next/server';
import { formatProblem, parseObjects } from '@/lib/files/parse';
import { isApiError } from '@/lib/k8s/errors';
import { route } from '@/lib/server/handler';
import { parseBody } from '@/lib/server/respond';
import { readOnlyRefusal } from '@/lib/server/write-step';
import { DemoApplyBody } from '@/lib/views/migration-params';

export const dynamic = 'force-dynamic';

/**
 * Applies YAML (`{"yaml": "..."}`) to the in-memory demo cluster, to try things out. Refused on any
 * other source: real clusters are changed only through previewed migration steps. 403 when writes
 * are off for the request (the session's switch or the server's policy), like every write.
 */
export const POST = route({ write: true }, async (ctx, req) => {
  if (ctx.conn.source.info().source !== 'demo') {
    return NextResponse.json(
      { error: 'YAML can be applied directly only to the demo cluster' },
      { status: 403 },
    );
  }
  const ro = readOnlyRefusal(ctx);
  if (ro) return ro;
  const body = await parseBody(req, DemoApplyBody);
  if (!body.ok) return body.res;
  const { objects, problems } = parseObjects(body.data.yaml, 'request');
  if (problems.length)
    return NextResponse.json({ error: problems.map(formatProblem).join('\n') }, { status: 400 });
  const results: { ref: string; ok: boolean; error?: string }[] = [];
  for (const obj of objects) {
    const ref = `${obj.kind}/${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name}`;
    try {
      await ctx.writer.apply(obj);
      results.push({ ref, ok: true });
    } catch (e) {
      results.push({
        ref,
        ok: false,
        error: isApiError(e) ? `${e.status}: ${e.message}` : (e as Error).message,
      });
    }
  }
  return NextResponse.json({ results }, { status: results.every((r) => r.ok) ? 200 : 422 });
});
