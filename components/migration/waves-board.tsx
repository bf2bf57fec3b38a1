'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { SavingText } from '@/components/platform/figures';
import { ErrorPanel } from '@/components/shell/error-panel';
import { PageSkeleton } from '@/components/shell/skeleton';
import { fetchJson } from '@/lib/client/fetch';
import { clusterKeys } from '@/lib/client/keys';
import { useWaves } from '@/lib/client/use-waves';
import type { WavesView } from '@/lib/views/waves';
import { EnrolButton } from './enrol-button';

type Draft = { name: string; namespaces: string[] }[];

const STATUS = {
  done: 'bg-emerald-100 text-emerald-800',
  ready: 'bg-blue-100 text-blue-800',
  blocked: 'bg-red-100 text-red-800',
  unknown: 'bg-slate-100 text-slate-600',
} as const;

const draftOf = (v: WavesView): Draft =>
  v.waves.map((w) => ({ name: w.name, namespaces: w.namespaces.map((n) => n.name) }));

/** The cluster-wide wave plan: suggested or saved waves, edited, saved in the cluster and enrolled a wave at a time. */
export function WavesBoard() {
  const { data, error, isPending } = useWaves();
  const qc = useQueryClient();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [dirty, setDirty] = useState(false);
  useEffect(() => {
    if (data && !dirty) setDraft(draftOf(data));
  }, [data, dirty]);
  const save = useMutation({
    mutationFn: (waves: Draft) => fetchJson('/api/waves', { method: 'PUT', body: JSON.stringify({ waves }) }),
    onSuccess: () => {
      setDirty(false);
      void qc.invalidateQueries({ queryKey: clusterKeys.all });
    },
  });
  if (isPending || (data && !draft)) return <PageSkeleton />;
  if (error) return <ErrorPanel title="Waves unavailable" message={error.message} />;
  if (!data || !draft) return null;

  const info = new Map(data.waves.flatMap((w) => w.namespaces).map((n) => [n.name, n]));
  const ns = new Map(data.namespaces.map((n) => [n.name, n]));
  const statusOf = (n: string) => {
    const meta = ns.get(n);
    if (!meta) return 'unknown' as const;
    if (meta.done) return 'done' as const;
    return data.plan.blocked.some((b) => b.namespace === n) ? ('blocked' as const) : ('ready' as const);
  };
  const reasonsOf = (n: string) =>
    info.get(n)?.reasons ??
    [
      ...data.plan.waves.flatMap((w) => w.namespaces),
      ...data.plan.blocked.map((b) => ({ namespace: b.namespace, reasons: b.reasons })),
    ].find((e) => e.namespace === n)?.reasons ??
    [];
  const edit = (next: Draft) => {
    setDraft(next.filter((w, i) => w.namespaces.length > 0 || i === next.length - 1));
    setDirty(true);
  };
  const move = (n: string, to: number) => {
    const next = draft.map((w) => ({ ...w, namespaces: w.namespaces.filter((x) => x !== n) }));
    if (to === next.length) {
      let k = next.length + 1;
      while (next.some((w) => w.name === `Wave ${k}`)) k += 1;
      next.push({ name: `Wave ${k}`, namespaces: [] });
    }
    next[to]?.namespaces.push(n);
    edit(next);
  };

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">Waves</h1>
        <span className="text-sm text-slate-500">
          {data.saved
            ? `saved by ${data.saved.savedBy} at ${data.saved.savedAt}`
            : 'suggested (not saved yet)'}{' '}
          · stored in ConfigMap <code>{data.storedIn}/mesh-migrator-waves</code>
        </span>
        <span className="ml-auto flex gap-2">
          <button
            type="button"
            className="rounded border border-slate-300 px-3 py-1 text-sm"
            onClick={() => {
              setDirty(false);
              setDraft(
                data.plan.waves.map((w) => ({
                  name: `Wave ${w.index}`,
                  namespaces: w.namespaces.map((e) => e.namespace),
                })),
              );
              setDirty(true);
            }}
          >
            Use the suggestion
          </button>
          <button
            type="button"
            className="rounded bg-slate-900 px-3 py-1 text-sm text-white disabled:opacity-50"
            disabled={save.isPending || (!dirty && Boolean(data.saved))}
            onClick={() => save.mutate(draft.filter((w) => w.namespaces.length))}
          >
            Save waves
          </button>
        </span>
      </div>
      {save.error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-800">
          {save.error.message}
        </p>
      )}
      {!data.telemetry.configured && (
        <p className="text-xs text-slate-500">
          Dependencies come from the configuration only: no Prometheus is configured.
        </p>
      )}
      {data.telemetry.error && <p className="text-xs text-amber-700">Prometheus: {data.telemetry.error}</p>}
      <ol className="space-y-3">
        {draft.map((w, i) => {
          const ready = w.namespaces.filter((n) => statusOf(n) === 'ready');
          return (
            <li
              key={w.name}
              className="rounded border border-slate-200 bg-white p-4"
              data-testid={`wave-${i + 1}`}
              aria-label={w.name}
            >
              <div className="mb-2 flex items-center gap-2">
                <h2 className="font-medium">{w.name}</h2>
                <span className="text-xs text-slate-500">{w.namespaces.length} namespace(s)</span>
                <span className="ml-auto">
                  <EnrolButton namespaces={ready} label={`Enrol ${w.name.toLowerCase()}`} disabled={dirty} />
                </span>
              </div>
              {dirty && <p className="mb-1 text-xs text-slate-500">Save the waves before enrolling one.</p>}
              <table className="w-full text-sm">
                <tbody>
                  {w.namespaces.map((n) => {
                    const st = statusOf(n);
                    const saving = ns.get(n)?.saving;
                    return (
                      <tr
                        key={n}
                        className="border-t border-slate-100 align-top"
                        data-testid={`wave-ns-${n}`}
                        data-status={st}
                      >
                        <td className="py-1 pr-3">
                          <Link
                            className="text-blue-700 hover:underline"
                            href={`/migration/${encodeURIComponent(n)}`}
                          >
                            {n}
                          </Link>
                        </td>
                        <td className="py-1 pr-3">
                          <span className={`rounded px-2 py-0.5 text-xs ${STATUS[st]}`}>{st}</span>
                        </td>
                        <td className="py-1 pr-3 text-xs text-slate-600">
                          {reasonsOf(n).map((r) => (
                            <div key={r}>{r}</div>
                          ))}
                          {saving && (
                            <div>
                              <SavingText s={saving} />
                            </div>
                          )}
                        </td>
                        <td className="py-1 text-right">
                          <label className="text-xs">
                            Move {n} to{' '}
                            <select
                              className="rounded border border-slate-300 px-1"
                              value={i}
                              onChange={(e) => move(n, Number(e.target.value))}
                            >
                              {draft.map((x, j) => (
                                <option key={x.name} value={j}>
                                  {x.name}
                                </option>
                              ))}
                              <option value={draft.length}>a new wave</option>
                            </select>
                          </label>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </li>
          );
        })}
      </ol>
      {data.plan.blocked.length > 0 && (
        <section aria-label="Held back" className="rounded border border-red-200 bg-white p-4">
          <h2 className="mb-2 font-medium">Held back</h2>
          <ul className="space-y-1 text-sm">
            {data.plan.blocked.map((b) => (
              <li key={b.namespace} data-testid={`blocked-${b.namespace}`}>
                <Link
                  className="text-blue-700 hover:underline"
                  href={`/migration/${encodeURIComponent(b.namespace)}`}
                >
                  {b.namespace}
                </Link>{' '}
                <span className="text-xs text-slate-600">{[...b.reasons, ...b.blockers].join(' · ')}</span>
                {!draft.some((w) => w.namespaces.includes(b.namespace)) && (
                  <button
                    type="button"
                    className="ml-2 text-xs text-blue-700 underline"
                    onClick={() => move(b.namespace, draft.length)}
                  >
                    add to a new wave
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {data.plan.done.length > 0 && (
        <p className="text-sm text-slate-600">Already in ambient: {data.plan.done.join(', ')}</p>
      )}
    </div>
  );
}
