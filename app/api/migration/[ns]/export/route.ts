import { exportPlan } from '@/lib/migrate';
import { route } from '@/lib/server/handler';
import { currentPlan } from '@/lib/server/migration';
import { badRequest, validNamespace } from '@/lib/server/respond';
import { CertificatesParam, GatewayClassParam, TargetParam } from '@/lib/views/migration-params';
import { tarArchive } from '@/lib/views/tar';

export const dynamic = 'force-dynamic';

/** The namespace's plan as files for GitOps: YAML bundles per step plus a README, as a tar archive. */
export const GET = route<{ ns: string }>({ write: false }, (ctx, req, { ns }) => {
  if (!validNamespace(ns)) return badRequest('namespace must be a DNS label');
  const gc = GatewayClassParam.safeParse(new URL(req.url).searchParams.get('gatewayClass') ?? undefined);
  if (!gc.success) return badRequest('gatewayClass must be a DNS name');
  const target = TargetParam.safeParse(new URL(req.url).searchParams.get('target') ?? undefined);
  if (!target.success) return badRequest('target must be istio, envoy-gateway or nginx');
  const certificates = CertificatesParam.safeParse(
    new URL(req.url).searchParams.get('certificates') ?? undefined,
  );
  if (!certificates.success) return badRequest('certificates must be reference-grant or cert-manager');
  const { files } = exportPlan(currentPlan(ctx.conn.source, ns, gc.data, certificates.data, target.data));
  const tar = tarArchive(
    files.map((f) => ({ path: `mesh-migrator-${ns}/${f.path}`, content: f.content })),
    Date.now(),
  );
  return new Response(tar, {
    headers: {
      'content-type': 'application/x-tar',
      'content-disposition': `attachment; filename="mesh-migrator-${ns}.tar"`,
    },
  });
});
