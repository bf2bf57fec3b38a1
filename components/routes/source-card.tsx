'use client';

import { DiffView } from '@/components/yaml/diff-view';
import { YamlView } from '@/components/yaml/yaml-view';
import type { RouteSourceView } from '@/lib/views/routes';
import { WarningList, warningNote } from './warning-list';

const STATUS = {
  new: 'bg-emerald-100 text-emerald-800',
  changed: 'bg-amber-100 text-amber-900',
  unchanged: 'bg-slate-100 text-slate-600',
} as const;

/** One Istio object beside the Gateway API objects it becomes. */
export function SourceCard({ source, mode }: { source: RouteSourceView; mode: 'unified' | 'split' }) {
  const all = [...source.warnings, ...source.rules.flatMap((r) => r.warnings)];
  const errors = all.filter((w) => w.severity === 'error').length;
  return (
    <article
      className="space-y-3 rounded border border-slate-200 bg-white p-4"
      aria-label={source.source}
      data-testid={`source-${source.source}`}
    >
      <header className="flex flex-wrap items-center gap-2">
        <h2 className="font-semibold">{source.source}</h2>
        {errors > 0 && (
          <span className="rounded bg-red-100 px-2 py-0.5 text-xs text-red-800">
            {errors} not carried over
          </span>
        )}
        <span className="text-xs text-slate-500">{all.length} findings</span>
      </header>
      <WarningList warnings={source.warnings} />
      {source.rules.length > 0 && (
        <table className="w-full table-fixed text-sm" aria-label={`Rules of ${source.source}`}>
          <thead>
            <tr className="text-left text-xs uppercase text-slate-500">
              <th className="w-1/2 py-1 pr-3">{source.kind === 'Ingress' ? 'Ingress rule' : 'Istio rule'}</th>
              <th className="py-1">Gateway API rule</th>
            </tr>
          </thead>
          <tbody>
            {source.rules.map((r) => (
              <tr
                key={r.field}
                className="border-t border-slate-100 align-top"
                data-testid={`rule-${r.field}`}
              >
                <td className="space-y-1 py-2 pr-3">
                  <code className="text-xs text-slate-500">{r.field}</code>
                  <YamlView
                    text={r.yaml}
                    label={`${source.source} ${r.field}`}
                    notes={r.warnings.map((w, i) => warningNote(w, r.warningLines?.[i] ?? 0))}
                  />
                </td>
                <td className="space-y-2 py-2 text-xs">
                  {r.outputs.length ? (
                    r.outputs.map((o) => (
                      <div
                        key={`${o.resource}${o.rule}`}
                        className="space-y-1"
                        data-testid={`generated-${o.resource} ${o.rule}`}
                      >
                        <div>
                          <code>{o.resource}</code> <code className="text-slate-500">{o.rule}</code>
                        </div>
                        {o.yaml && <YamlView text={o.yaml} label={`${o.resource} ${o.rule}`} />}
                      </div>
                    ))
                  ) : (
                    <span className="text-red-700">no generated rule</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="space-y-2">
        {source.outputs.map((o) => (
          <details
            key={o.ref}
            className="rounded border border-slate-200"
            open={o.status !== 'unchanged'}
            data-testid={`output-${o.ref}`}
          >
            <summary className="cursor-pointer px-3 py-1.5 text-sm">
              <code>{o.ref}</code>{' '}
              <span className={`ml-2 rounded px-2 py-0.5 text-xs ${STATUS[o.status]}`} data-status={o.status}>
                {o.status}
              </span>
            </summary>
            <div className="p-2">
              <DiffView before={o.liveYaml ?? ''} after={o.yaml} mode={mode} label={`Diff of ${o.ref}`} />
            </div>
          </details>
        ))}
      </div>
      {source.yaml && (
        <details>
          <summary className="cursor-pointer text-xs text-slate-500">Source YAML</summary>
          <YamlView text={source.yaml} label={`${source.source} YAML`} />
        </details>
      )}
    </article>
  );
}
