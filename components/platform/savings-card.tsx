import { difference, sumFigures } from '@/lib/platform/cost-model';
import { formatCpu, formatMemory } from '@/lib/platform/quantity';
import type { PlatformView } from '@/lib/views/platform';
import { CostChart } from './cost-chart';
import { FigureText, SavingText } from './figures';

/** What the sidecars hold and what ambient needs instead: before the move, now, after every namespace moved. */
export function SavingsCard({ view }: { view: PlatformView }) {
  const { cost, usage } = view;
  const s = cost.scenarios;
  const meshed = cost.namespaces.filter((n) => n.sidecarPods > 0 || n.ambientPods > 0);
  const moved = meshed.filter((n) => n.moved).length;
  const sidecarPods = cost.namespaces.reduce((a, n) => a + n.sidecarPods, 0);
  const columns = [
    { key: 'before', title: 'Before the move', note: 'every meshed pod with a sidecar', f: s.beforeMove },
    { key: 'now', title: 'Now', note: `${moved} of ${meshed.length} meshed namespaces moved`, f: s.now },
    { key: 'after', title: 'After all', note: 'ztunnel on every node + waypoints', f: s.afterAll },
  ];
  return (
    <section className="rounded border border-slate-200 bg-white p-4" aria-label="Resource savings">
      <h2 className="mb-2 font-medium">Mesh resources</h2>
      <p className="text-sm text-slate-600">
        {sidecarPods} sidecars hold <FigureText f={sumSidecars(view)} testId="sidecars-hold" inline /> in
        requests.
      </p>
      <dl className="mt-3 grid grid-cols-3 gap-2 text-sm">
        {columns.map((c) => (
          <div key={c.key} className="rounded bg-slate-50 p-2" data-testid={`savings-${c.key}`}>
            <dt className="text-xs text-slate-500">
              {c.title}
              <span className="block">{c.note}</span>
            </dt>
            <dd className="mt-1 font-semibold">
              <FigureText f={c.f} />
            </dd>
          </div>
        ))}
      </dl>
      <p className="mt-2 text-sm">
        Moving the remaining namespaces{' '}
        <SavingText s={difference(s.now, s.afterAll)} testId="savings-remaining" /> of requests; the whole
        move <SavingText s={difference(s.beforeMove, s.afterAll)} testId="savings-total" />.
      </p>
      <p className="mt-1 text-xs text-slate-500">
        ztunnel: {cost.ztunnel.nodes} node(s) × {formatCpu(cost.ztunnel.perNode.cpuRequestMillicores)} ·{' '}
        {formatMemory(cost.ztunnel.perNode.memoryRequestBytes)}
        {cost.ztunnel.deployed ? '' : ' (not deployed yet: Istio chart defaults)'}. Measured usage:{' '}
        <span data-testid="usage-source">
          {usage.source === 'none'
            ? 'Prometheus not configured'
            : usage.error
              ? `${usage.source === 'demo' ? 'demo telemetry' : 'Prometheus'} unavailable (${usage.error})`
              : usage.source === 'demo'
                ? `simulated by the demo, ${usage.window} window`
                : `Prometheus, ${usage.window} window`}
        </span>
        .
      </p>
      {view.history.length > 0 && (
        <CostChart
          points={view.history}
          {...(view.measuredHistory ? { measured: view.measuredHistory } : {})}
        />
      )}
    </section>
  );
}

/** What every namespace's sidecars hold, with their measured usage where known. */
function sumSidecars(view: PlatformView) {
  return sumFigures(view.cost.namespaces.map((n) => n.sidecar));
}
