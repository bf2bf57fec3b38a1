import type { Bond, NamespaceEdge, SavedWaves, WaveNamespace, WavePlan } from '../migrate';

/** A wave as the Waves page shows it: saved by the operator, or suggested by the planner. */
export interface WaveRow {
  name: string;
  namespaces: { name: string; status: 'done' | 'ready' | 'blocked' | 'unknown'; reasons: string[] }[];
  /** Every namespace of the wave is in ambient. */
  done: boolean;
}

export interface WavesView {
  plan: WavePlan;
  namespaces: WaveNamespace[];
  edges: NamespaceEdge[];
  bonds: Bond[];
  saved?: SavedWaves;
  /** The saved waves when there are some, otherwise the suggestion. */
  waves: WaveRow[];
  /** Namespace holding the saved waves ConfigMap. */
  storedIn: string;
  telemetry: { configured: boolean; error?: string };
}

/** The rows of the Waves page: saved waves (with each namespace's readiness now) or the suggested ones. */
export function waveRows(
  plan: WavePlan,
  namespaces: readonly WaveNamespace[],
  saved?: SavedWaves,
): WaveRow[] {
  const reasons = new Map<string, string[]>();
  for (const w of plan.waves) for (const e of w.namespaces) reasons.set(e.namespace, e.reasons);
  for (const b of plan.blocked) reasons.set(b.namespace, [...b.blockers, ...b.reasons]);
  const byName = new Map(namespaces.map((n) => [n.name, n]));
  const status = (n: string): WaveRow['namespaces'][number]['status'] => {
    const meta = byName.get(n);
    if (!meta) return 'unknown';
    if (meta.done) return 'done';
    return plan.blocked.some((b) => b.namespace === n) ? 'blocked' : 'ready';
  };
  const source = saved
    ? saved.waves
    : plan.waves.map((w) => ({ name: `Wave ${w.index}`, namespaces: w.namespaces.map((e) => e.namespace) }));
  return source.map((w) => {
    const rows = w.namespaces.map((n) => ({
      name: n,
      status: status(n),
      reasons: status(n) === 'unknown' ? ['not a namespace in the mesh any more'] : (reasons.get(n) ?? []),
    }));
    return {
      name: w.name,
      namespaces: rows,
      done: rows.length > 0 && rows.every((r) => r.status === 'done'),
    };
  });
}
