'use client';

import { usePlatform } from '@/lib/client/use-platform';
import { projectedSaving } from '@/lib/platform/cost-model';
import { FigureText, SavingText } from './figures';
import { IngressPanel } from './ingress-panel';

/** Before enrolling: what the namespace's sidecars hold, what its waypoints would need, and its ingress certificates and addresses. */
export function NamespacePlatform({ ns }: { ns: string }) {
  const { data } = usePlatform(ns);
  if (!data) return null;
  const cost = data.cost.namespaces.find((n) => n.namespace === ns);
  const saving = projectedSaving(data.cost, ns);
  return (
    <>
      {cost && saving && (cost.sidecarPods > 0 || cost.waypoints.length > 0) && (
        <section
          className="rounded border border-slate-200 bg-white p-4 text-sm"
          aria-label="Projected saving"
        >
          <h2 className="mb-1 font-medium">Projected saving</h2>
          <p>
            {cost.sidecarPods} sidecar(s) hold <FigureText f={cost.sidecar} testId="ns-sidecar-cost" inline />
            ; in ambient the namespace needs{' '}
            {cost.waypoints.length === 0
              ? 'no waypoint (ztunnel is shared per node)'
              : cost.waypoints.map((w, i) => (
                  <span key={w.name}>
                    {i > 0 && ', '}
                    {w.planned ? 'a new ' : ''}waypoint <code>{w.name}</code> ({w.replicas}×)
                  </span>
                ))}{' '}
            → <SavingText s={saving} testId="ns-projected-saving" />.
          </p>
        </section>
      )}
      <IngressPanel certificates={data.certificates} loadBalancers={data.loadBalancers} namespace={ns} />
    </>
  );
}
