import { CoverageBar } from '@/components/mesh/coverage-bar';
import type { MeshCaView } from '@/lib/platform/mesh-ca';
import type { SummaryView } from '@/lib/views/summary';

function Check({ ok, label, detail }: { ok: boolean; label: string; detail: string }) {
  return (
    <li className="flex items-start gap-2" data-testid={`readiness-${label}`} data-ok={ok}>
      <span aria-hidden className={ok ? 'text-emerald-600' : 'text-red-600'}>
        {ok ? '✔' : '✖'}
      </span>
      <span>
        <span className="font-medium">{label}</span> <span className="text-slate-600">{detail}</span>
      </span>
    </li>
  );
}

/**
 * Whether the cluster can run ambient: istiod, ztunnel, istio-cni, Gateway API CRDs, the mesh CA.
 * `meshCa` (from the platform view, which knows whether you could read Secrets) replaces the
 * summary's own when given.
 */
export function Readiness({ summary, meshCa }: { summary: SummaryView; meshCa?: MeshCaView }) {
  const cp = { ...summary.controlPlane, meshCa: meshCa ?? summary.controlPlane.meshCa };
  const byState = new Map<string, number>();
  for (const n of summary.namespaces) byState.set(n.state, (byState.get(n.state) ?? 0) + 1);
  const ds = (d: typeof cp.ztunnel) =>
    d ? `${d.namespace}/${d.name}: ${d.ready}/${d.desired} ready` : 'not found';
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <section className="rounded border border-slate-200 bg-white p-4" aria-label="Ambient readiness">
        <h2 className="mb-2 font-medium">
          Ambient readiness{' '}
          <span
            className={`ml-2 rounded px-2 py-0.5 text-xs ${cp.ambientReady ? 'bg-emerald-100 text-emerald-800' : 'bg-red-100 text-red-800'}`}
            data-testid="ambient-ready"
          >
            {cp.ambientReady ? 'ready' : 'not ready'}
          </span>
        </h2>
        <ul className="space-y-1 text-sm">
          <Check
            ok={cp.istiod.length > 0 && cp.istiod.some((i) => i.ambientEnabled)}
            label="istiod"
            detail={
              cp.istiod.length
                ? cp.istiod
                    .map(
                      (i) =>
                        `${i.revision} ${i.version ?? '?'} (${i.readyReplicas}/${i.replicas} ready${i.ambientEnabled ? ', ambient' : ''})`,
                    )
                    .join('; ')
                : 'not found'
            }
          />
          <Check
            ok={Boolean(cp.ztunnel && cp.ztunnel.ready === cp.ztunnel.desired && cp.ztunnel.desired > 0)}
            label="ztunnel"
            detail={ds(cp.ztunnel)}
          />
          <Check
            ok={Boolean(cp.istioCni && cp.istioCni.ready === cp.istioCni.desired && cp.istioCni.desired > 0)}
            label="istio-cni"
            detail={ds(cp.istioCni)}
          />
          <Check
            ok={cp.gatewayApi.state === 'installed'}
            label="Gateway API"
            detail={
              cp.gatewayApi.state === 'installed'
                ? `${cp.gatewayApi.bundleVersion ?? 'unknown version'} (${cp.gatewayApi.channel ?? 'channel unknown'})`
                : cp.gatewayApi.state
            }
          />
          <Check ok={cp.meshCa.ambientOk} label="mesh CA" detail={cp.meshCa.summary} />
        </ul>
        <p className="mt-2 text-xs text-slate-500" data-testid="mesh-ca-keep">
          Keep unchanged during the move: {cp.meshCa.keepUnchanged.join('; ')}.
        </p>
        {cp.missing.length > 0 && (
          <ul className="mt-3 list-disc pl-5 text-sm text-red-800" aria-label="Missing for ambient">
            {cp.missing.map((m) => (
              <li key={m.id}>{m.message}</li>
            ))}
          </ul>
        )}
      </section>
      <section className="rounded border border-slate-200 bg-white p-4" aria-label="Data plane coverage">
        <h2 className="mb-2 font-medium">Data plane</h2>
        <div className="flex items-center gap-3 text-sm">
          <CoverageBar counts={summary.pods} />
          <span data-testid="pod-totals">
            {summary.pods.total} pods: {summary.pods.sidecar} sidecar, {summary.pods.ambient} ztunnel,{' '}
            {summary.pods.ambientPending} pending, {summary.pods.none} none
          </span>
        </div>
        <dl className="mt-3 grid grid-cols-5 gap-2 text-center text-sm">
          {['sidecar', 'mixed', 'ambient', 'ambient-l7', 'out-of-mesh'].map((s) => (
            <div key={s} className="rounded bg-slate-50 p-2">
              <dt className="text-xs text-slate-500">{s}</dt>
              <dd className="text-lg font-semibold tabular-nums" data-testid={`ns-state-${s}`}>
                {byState.get(s) ?? 0}
              </dd>
            </div>
          ))}
        </dl>
        <p className="mt-2 text-xs text-slate-500">
          {summary.namespaces.length} namespaces, {summary.namespaces.filter((n) => n.blockers > 0).length}{' '}
          with blockers, {summary.waypoints.length} waypoints
          {summary.findingsPending > 0 && ` (blockers still being checked in ${summary.findingsPending})`}
        </p>
      </section>
    </div>
  );
}
