import type { Saving } from '../platform/cost-model';
/** A namespace as the wave planner sees it. */
export interface WaveNamespace {
  name: string;
  /** Already in ambient: nothing left to move. */
  done: boolean;
  /** Findings that must be fixed first (`Kind/namespace/name: message`). */
  blockers: string[];
  warnings: number;
  /** Why the namespace needs a waypoint (routes, L7 policies, ...); empty for ztunnel only. */
  l7: string[];
  /** Pods per data plane now. */
  pods: { sidecar: number; ambient: number; other: number };
  /** Requests (and measured usage) the move frees, from the cost model; undefined without one. */
  saving?: Saving;
}

/** `from` calls `to` (config routes, or requests Prometheus saw). */
export interface NamespaceEdge {
  from: string;
  to: string;
  origin: 'config' | 'telemetry';
}

/** Namespaces that must move in the same wave, and why (a shared waypoint, a cross-namespace route). */
export interface Bond {
  namespaces: string[];
  reason: string;
}

export interface WaveEntry {
  namespace: string;
  /** Namespaces calling this one (they move first or with it). */
  dependants: string[];
  /** Namespaces this one calls. */
  dependencies: string[];
  reasons: string[];
}

export interface Wave {
  /** 1-based. */
  index: number;
  namespaces: WaveEntry[];
}

export interface WavePlan {
  waves: Wave[];
  /** Namespaces held back: their own blockers, or a bond with a blocked namespace. */
  blocked: { namespace: string; blockers: string[]; reasons: string[] }[];
  /** Already in ambient. */
  done: string[];
}

class UnionFind {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    let p = this.parent.get(x) ?? x;
    if (p !== x) {
      p = this.find(p);
      this.parent.set(x, p);
    }
    return p;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    // The smaller name becomes the root, so groups are named the same whatever the order of unions.
    const [lo, hi] = [ra, rb].sort() as [string, string];
    this.parent.set(hi, lo);
  }
}

/** Strongly connected components (Tarjan) of a graph given as adjacency sets. */
function components(nodes: string[], out: Map<string, Set<string>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const result: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index);
    index += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of out.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, idx.get(w) ?? 0));
    }
    if (low.get(v) === idx.get(v)) {
      const c: string[] = [];
      for (;;) {
        const w = stack.pop() as string;
        onStack.delete(w);
        c.push(w);
        if (w === v) break;
      }
      result.push(c.sort());
    }
  };
  for (const n of nodes) if (!idx.has(n)) visit(n);
  return result;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Orders the namespaces still to migrate into waves. Namespaces bonded together (shared waypoint,
 * cross-namespace route) and namespaces that call each other (a cycle) move in the same wave.
 * Callers move before the namespaces they call, so each wave starts with those with no or few
 * dependants; a namespace with blockers, and everything bonded to it, is held back. `maxPerWave`
 * splits a wide level into several waves without splitting a bonded group. Pure and deterministic.
 */
export function planWaves(
  namespaces: readonly WaveNamespace[],
  edges: readonly NamespaceEdge[],
  bonds: readonly Bond[],
  opts: { maxPerWave?: number } = {},
): WavePlan {
  const byName = new Map(namespaces.map((n) => [n.name, n]));
  const todo = namespaces
    .filter((n) => !n.done)
    .map((n) => n.name)
    .sort();
  const todoSet = new Set(todo);
  const uf = new UnionFind();
  const why = new Map<string, Set<string>>();
  const note = (ns: string, reason: string) => {
    const s = why.get(ns) ?? new Set<string>();
    s.add(reason);
    why.set(ns, s);
  };
  for (const b of bonds) {
    const members = b.namespaces.filter((n) => todoSet.has(n));
    for (const m of members) {
      const others = members.filter((o) => o !== m);
      if (others.length) note(m, `moves with ${others.join(', ')}: ${b.reason}`);
    }
    for (const m of members.slice(1)) uf.union(members[0] as string, m);
  }

  // Held back: blocked namespaces and their whole bonded group.
  const blockedRoots = new Set(todo.filter((n) => byName.get(n)?.blockers.length).map((n) => uf.find(n)));
  const blocked = todo
    .filter((n) => blockedRoots.has(uf.find(n)))
    .map((n) => {
      const own = byName.get(n)?.blockers ?? [];
      const reasons = own.length
        ? [`${plural(own.length, 'blocker')} to fix first`]
        : [
            `held back with ${todo.filter((o) => o !== n && uf.find(o) === uf.find(n) && byName.get(o)?.blockers.length).join(', ')}, which has blockers`,
          ];
      return { namespace: n, blockers: own, reasons: [...reasons, ...(why.get(n) ?? [])] };
    });
  const ready = todo.filter((n) => !blockedRoots.has(uf.find(n)));
  const readySet = new Set(ready);

  const callers = new Map<string, Set<string>>();
  const callees = new Map<string, Set<string>>();
  for (const e of edges) {
    if (e.from === e.to) continue;
    if (!callers.has(e.to)) callers.set(e.to, new Set());
    callers.get(e.to)?.add(e.from);
    if (!callees.has(e.from)) callees.set(e.from, new Set());
    callees.get(e.from)?.add(e.to);
  }

  // Units: bonded groups; then cycles between units merge them.
  const unitOf = (n: string) => uf.find(n);
  const units = [...new Set(ready.map(unitOf))].sort();
  const unitOut = new Map<string, Set<string>>();
  for (const n of ready)
    for (const c of callees.get(n) ?? []) {
      if (!readySet.has(c) || unitOf(c) === unitOf(n)) continue;
      const s = unitOut.get(unitOf(n)) ?? new Set<string>();
      s.add(unitOf(c));
      unitOut.set(unitOf(n), s);
    }
  for (const comp of components(units, unitOut)) {
    if (comp.length < 2) continue;
    const members = ready.filter((n) => comp.includes(unitOf(n)));
    for (const m of members)
      note(
        m,
        `calls and is called by ${members.filter((o) => o !== m).join(', ')} (a cycle): they move together`,
      );
    for (const u of comp.slice(1)) uf.union(comp[0] as string, u);
  }

  // Kahn layers over merged units: a unit is ready once every unit calling it has moved.
  const groups = new Map<string, string[]>();
  for (const n of ready) groups.set(unitOf(n), [...(groups.get(unitOf(n)) ?? []), n]);
  const inDeg = new Map<string, number>([...groups.keys()].map((g) => [g, 0]));
  const out = new Map<string, Set<string>>();
  for (const n of ready)
    for (const c of callees.get(n) ?? []) {
      if (!readySet.has(c) || unitOf(c) === unitOf(n)) continue;
      const s = out.get(unitOf(n)) ?? new Set<string>();
      if (!s.has(unitOf(c))) {
        s.add(unitOf(c));
        inDeg.set(unitOf(c), (inDeg.get(unitOf(c)) ?? 0) + 1);
      }
      out.set(unitOf(n), s);
    }
  const dependantsOf = (g: string) =>
    new Set((groups.get(g) ?? []).flatMap((n) => [...(callers.get(n) ?? [])])).size;
  const levels: string[][] = [];
  let frontier = [...inDeg.entries()].filter(([, d]) => d === 0).map(([g]) => g);
  while (frontier.length) {
    frontier.sort((a, b) => dependantsOf(a) - dependantsOf(b) || a.localeCompare(b));
    levels.push(frontier);
    const next: string[] = [];
    for (const g of frontier)
      for (const c of out.get(g) ?? []) {
        const d = (inDeg.get(c) ?? 0) - 1;
        inDeg.set(c, d);
        if (d === 0) next.push(c);
      }
    frontier = next;
  }

  const max = opts.maxPerWave && opts.maxPerWave > 0 ? opts.maxPerWave : Number.POSITIVE_INFINITY;
  const waves: Wave[] = [];
  for (const level of levels) {
    let current: string[] = [];
    const flush = () => {
      if (current.length) waves.push({ index: waves.length + 1, namespaces: current.map(entry) });
      current = [];
    };
    for (const g of level) {
      const members = (groups.get(g) ?? []).sort();
      if (current.length && current.length + members.length > max) flush();
      current.push(...members);
    }
    flush();
  }

  function entry(n: string): WaveEntry {
    const dependants = [...(callers.get(n) ?? [])].sort();
    const dependencies = [...(callees.get(n) ?? [])].sort();
    const meta = byName.get(n);
    const reasons = [
      dependants.length ? `called by ${dependants.join(', ')}` : 'no namespace calls it',
      ...(meta?.l7.length ? [`needs a waypoint: ${meta.l7.join('; ')}`] : ['ztunnel alone is enough']),
      ...(meta?.warnings ? [`${plural(meta.warnings, 'warning')} to read`] : []),
      ...(why.get(n) ?? []),
    ];
    return { namespace: n, dependants, dependencies, reasons };
  }

  return {
    waves,
    blocked,
    done: namespaces
      .filter((n) => n.done)
      .map((n) => n.name)
      .sort(),
  };
}
