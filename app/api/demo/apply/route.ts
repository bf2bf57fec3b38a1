import { NextResponse } from 'next/server';
import { getConnection } from '@/lib/cluster/registry';
import { formatProblem, parseObjects } from '@/lib/files/parse';
import { isApiError } from '@/lib/k8s/errors';

export const dynamic = 'force-dynamic';

/**
 * Applies YAML to the in-memory demo cluster, to try things out. Refused on any other source:
 * real clusters are changed only through previewed migration steps.
 */
export async function POST(req: Request) {
  const conn = await getConnection();
  if (conn.source.info().source !== 'demo') {
    return NextResponse.json(
      { error: 'YAML can be applied directly only to the demo cluster' },
      { status: 403 },
    );
  }
  const text = await req.text();
  const { objects, problems } = parseObjects(text, 'request');
  if (problems.length)
    return NextResponse.json({ error: problems.map(formatProblem).join('\n') }, { status: 400 });
  const results: { ref: string; ok: boolean; error?: string }[] = [];
  for (const obj of objects) {
    const ref = `${obj.kind}/${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name}`;
    try {
      await conn.source.apply(obj);
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
}
