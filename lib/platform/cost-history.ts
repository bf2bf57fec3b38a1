/** The cluster's sidecar vs ambient cost over the migration, rebuilt from migration records. Pure. */
import type { CostModel } from './cost-model';

/** When a namespace moved: the time its workloads were restarted without sidecars. */
export interface NamespaceMove {
  namespace: string;
  when: string;
}

/** One point of the chart: requests held by sidecars and by ambient (ztunnel + waypoints). */
export interface CostPoint {
  when: string;
  /** What happened at this point (`start`, `<namespace> moved`, `now`). */
  event: string;
  sidecarCpuMillicores: number;
  sidecarMemoryBytes: number;
  ambientCpuMillicores: number;
  ambientMemoryBytes: number;
}

/**
 * Cost points from the first move to now. Before a namespace's move its pods are counted at their
 * sidecar cost (`sidecarBefore`); after it, at its waypoints; ztunnel counts from the first move.
 * Namespaces that moved without a record are treated as moved before the first point.
 */
export function costHistory(model: CostModel, moves: readonly NamespaceMove[], now: string): CostPoint[] {
  const first = new Map<string, string>();
  for (const m of [...moves].sort((a, b) => a.when.localeCompare(b.when)))
    if (!first.has(m.namespace)) first.set(m.namespace, m.when);
  const times = [...new Set(first.values())].sort();
  const start = times[0];
  if (!start) return [];
  const point = (when: string, event: string, movedBy: (ns: string) => boolean): CostPoint => {
    const p: CostPoint = {
      when,
      event,
      sidecarCpuMillicores: 0,
      sidecarMemoryBytes: 0,
      ambientCpuMillicores: 0,
      ambientMemoryBytes: 0,
    };
    let anyMoved = false;
    for (const n of model.namespaces) {
      if (movedBy(n.namespace)) {
        anyMoved = true;
        p.ambientCpuMillicores += n.ambientProjected.cpuRequestMillicores;
        p.ambientMemoryBytes += n.ambientProjected.memoryRequestBytes;
        p.sidecarCpuMillicores += n.sidecar.cpuRequestMillicores;
        p.sidecarMemoryBytes += n.sidecar.memoryRequestBytes;
      } else {
        p.sidecarCpuMillicores += n.sidecarBefore.cpuRequestMillicores;
        p.sidecarMemoryBytes += n.sidecarBefore.memoryRequestBytes;
      }
    }
    if (anyMoved) {
      p.ambientCpuMillicores += model.ztunnel.total.cpuRequestMillicores;
      p.ambientMemoryBytes += model.ztunnel.total.memoryRequestBytes;
    }
    return p;
  };
  const movedAt = (ns: string, t: string) => {
    const m = first.get(ns);
    if (m !== undefined) return m <= t;
    return model.namespaces.find((n) => n.namespace === ns)?.moved === true;
  };
  const points: CostPoint[] = [
    point(start, 'before the first move', (ns) => movedAt(ns, '') && !first.has(ns)),
  ];
  for (const t of times) {
    const names = [...first.entries()].filter(([, w]) => w === t).map(([n]) => n);
    points.push(point(t, `${names.join(', ')} moved`, (ns) => movedAt(ns, t)));
  }
  points.push(point(now, 'now', (ns) => movedAt(ns, now)));
  return points;
}
