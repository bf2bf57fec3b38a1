import { NextResponse } from 'next/server';
import { route } from '@/lib/server/handler';
import { migrationNamespaceView } from '@/lib/server/migration';
import { badRequest, validNamespace } from '@/lib/server/respond';
import { CertificatesParam, GatewayClassParam, TargetParam } from '@/lib/views/migration-params';

export const dynamic = 'force-dynamic';

export const GET = route<{ ns: string }>({ write: false }, async (ctx, req, { ns }) => {
  if (!validNamespace(ns)) return badRequest('namespace must be a DNS label');
  const gc = GatewayClassParam.safeParse(new URL(req.url).searchParams.get('gatewayClass') ?? undefined);
  if (!gc.success) return badRequest('gatewayClass must be a DNS name');
  const certs = CertificatesParam.safeParse(new URL(req.url).searchParams.get('certificates') ?? undefined);
  if (!certs.success) return badRequest('certificates must be reference-grant or cert-manager');
  const target = TargetParam.safeParse(new URL(req.url).searchParams.get('target') ?? undefined);
  if (!target.success) return badRequest('target must be istio, envoy-gateway or nginx');
  if (!ctx.conn.source.snapshot().resources.namespaces.some((n) => n.metadata.name === ns)) {
    return NextResponse.json({ error: `namespace "${ns}" not found` }, { status: 404 });
  }
  return NextResponse.json(await migrationNamespaceView(ctx.writer, ns, gc.data, certs.data, target.data));
});
