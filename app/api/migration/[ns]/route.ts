import { NextResponse } from 'next/server';
import { migrationNamespaceView } from '@/lib/server/migration';
import { badRequest, connected, validNamespace } from '@/lib/server/respond';
import { CertificatesParam, GatewayClassParam } from '@/lib/views/migration-params';

export const dynamic = 'force-dynamic';

export async function GET(req: Request, { params }: { params: Promise<{ ns: string }> }) {
  const { ns } = await params;
  if (!validNamespace(ns)) return badRequest('namespace must be a DNS label');
  const gc = GatewayClassParam.safeParse(new URL(req.url).searchParams.get('gatewayClass') ?? undefined);
  if (!gc.success) return badRequest('gatewayClass must be a DNS name');
  const certs = CertificatesParam.safeParse(new URL(req.url).searchParams.get('certificates') ?? undefined);
  if (!certs.success) return badRequest('certificates must be reference-grant or cert-manager');
  const c = await connected();
  if (!c.ok) return c.res;
  if (!c.conn.source.snapshot().resources.namespaces.some((n) => n.metadata.name === ns)) {
    return NextResponse.json({ error: `namespace "${ns}" not found` }, { status: 404 });
  }
  return NextResponse.json(await migrationNamespaceView(c.conn.source, ns, gc.data, certs.data));
}
