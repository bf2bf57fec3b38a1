import type { ClusterStatusView } from '@/lib/views/cluster';

const STATE_STYLE: Record<string, string> = {
  ok: 'bg-emerald-100 text-emerald-800',
  missing: 'bg-amber-100 text-amber-800',
  forbidden: 'bg-red-100 text-red-800',
  error: 'bg-red-100 text-red-800',
  loading: 'bg-slate-100 text-slate-600',
};

/** One row per resource kind: loaded, missing CRD, forbidden or failing, with counts. */
export function KindStatusTable({ kinds }: { kinds: ClusterStatusView['kinds'] }) {
  return (
    <table className="w-full text-sm" aria-label="Resource kinds">
      <thead>
        <tr className="text-left text-xs uppercase text-slate-500">
          <th className="py-1 pr-4">Kind</th>
          <th className="py-1 pr-4">API group</th>
          <th className="py-1 pr-4">State</th>
          <th className="py-1 pr-4 text-right">Objects</th>
          <th className="py-1">Detail</th>
        </tr>
      </thead>
      <tbody>
        {kinds.map((k) => (
          <tr key={k.key} className="border-t border-slate-100" data-testid={`kind-${k.key}`}>
            <td className="py-1 pr-4">{k.label}</td>
            <td className="py-1 pr-4 text-slate-500">{k.group || 'core'}</td>
            <td className="py-1 pr-4">
              <span className={`rounded px-2 py-0.5 text-xs ${STATE_STYLE[k.status.state] ?? ''}`}>
                {k.status.state}
              </span>
            </td>
            <td className="py-1 pr-4 text-right tabular-nums">{k.status.count}</td>
            <td className="py-1 text-slate-500">{k.status.message ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
