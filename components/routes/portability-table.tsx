'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { fetchJson } from '@/lib/client/fetch';
import { clusterKeys } from '@/lib/client/keys';
import type { Portability, PortabilityReport } from '@/lib/convert/portability';
import { TARGET_LABEL, TARGETS } from '@/lib/convert/targets/types';

const STYLE: Record<Portability, string> = {
  standard: 'bg-emerald-100 text-emerald-800',
  policy: 'bg-sky-100 text-sky-900',
  cannot: 'bg-red-100 text-red-800',
};

const WORD: Record<Portability, string> = {
  standard: 'standard',
  policy: 'target policy',
  cannot: 'cannot carry',
};

function Table({ report, label }: { report: PortabilityReport; label: string }) {
  return (
    <table className="w-full table-fixed text-sm" aria-label={label}>
      <thead>
        <tr className="text-left text-xs uppercase text-slate-500">
          <th className="w-1/3 py-1 pr-3">Source</th>
          {TARGETS.map((t) => (
            <th key={t} className="py-1 pr-3">
              {TARGET_LABEL[t]}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {report.rows.map((r) => (
          <tr
            key={r.source}
            className="border-t border-slate-100 align-top"
            data-testid={`portability-${r.source}`}
          >
            <td className="py-1 pr-3">
              <code className="text-xs">{r.source}</code>
            </td>
            {TARGETS.map((t) => {
              const cell = r.targets[t];
              return (
                <td key={t} className="py-1 pr-3 text-xs" data-target={t} data-status={cell.status}>
                  <span className={`rounded px-2 py-0.5 ${STYLE[cell.status]}`}>{WORD[cell.status]}</span>
                  {cell.fields.length > 0 && (
                    <ul className="mt-1 space-y-0.5 text-slate-600">
                      {cell.fields.map((f) => (
                        <li key={f}>
                          <code className="break-all">{f}</code>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              );
            })}
          </tr>
        ))}
        <tr className="border-t border-slate-300 text-xs font-medium">
          <td className="py-1 pr-3">Total (standard / policy / cannot)</td>
          {TARGETS.map((t) => (
            <td key={t} className="py-1 pr-3" data-testid={`portability-total-${t}`}>
              {report.totals[t].standard} / {report.totals[t].policy} / {report.totals[t].cannot}
            </td>
          ))}
        </tr>
      </tbody>
    </table>
  );
}

/** Which sources carry over to each target as standard Gateway API, with its policy, or not at all. */
export function PortabilityPanel({ namespace, report }: { namespace: string; report: PortabilityReport }) {
  const [cluster, setCluster] = useState(false);
  const all = useQuery({
    queryKey: [...clusterKeys.all, 'portability'],
    queryFn: () => fetchJson<PortabilityReport>('/api/routes/portability'),
    enabled: cluster,
  });
  return (
    <details className="rounded border border-slate-200 bg-white p-4" data-testid="portability">
      <summary className="cursor-pointer font-semibold">Portability to other implementations</summary>
      <div className="mt-3 space-y-4">
        <Table report={report} label={`Portability of ${namespace}`} />
        {cluster ? (
          all.data ? (
            <Table report={all.data} label="Portability of the whole cluster" />
          ) : (
            <p className="text-sm text-slate-600">
              {all.error ? all.error.message : 'Converting the whole cluster…'}
            </p>
          )
        ) : (
          <button
            type="button"
            className="rounded border border-slate-300 px-3 py-1 text-sm"
            onClick={() => setCluster(true)}
          >
            Whole cluster
          </button>
        )}
      </div>
    </details>
  );
}
