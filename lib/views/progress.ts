import type { MigrationRecord } from '../migrate';
import type { ProgrammeProgress } from './migration';
import type { NamespaceRow } from './summary';

/** What progress needs of a wave. */
export interface WaveRowLike {
  done: boolean;
}

/**
 * The programme at a glance, from the namespace rows, the records and the waves. Enrolled over
 * time counts namespaces whose workloads were restarted (and not rolled back), by day.
 */
export function programmeProgress(
  rows: readonly NamespaceRow[],
  records: readonly MigrationRecord[],
  waves: readonly WaveRowLike[],
  saved: boolean,
): ProgrammeProgress {
  const pods = { sidecar: 0, ambient: 0, pending: 0, none: 0 };
  const namespaces = { ambient: 0, sidecar: 0, mixed: 0, outOfMesh: 0 };
  for (const r of rows) {
    pods.sidecar += r.pods.sidecar;
    pods.ambient += r.pods.ambient;
    pods.pending += r.pods.ambientPending;
    pods.none += r.pods.none;
    if (r.state === 'ambient' || r.state === 'ambient-l7') namespaces.ambient += 1;
    else if (r.state === 'sidecar') namespaces.sidecar += 1;
    else if (r.state === 'mixed') namespaces.mixed += 1;
    else namespaces.outOfMesh += 1;
  }
  const firstEnrolled = new Map<string, string>();
  for (const rec of [...records].sort((a, b) => a.when.localeCompare(b.when))) {
    if (rec.step !== 'restart-workloads' || rec.status !== 'applied') continue;
    if (!firstEnrolled.has(rec.namespace)) firstEnrolled.set(rec.namespace, rec.when.slice(0, 10));
  }
  const perDay = new Map<string, number>();
  for (const day of firstEnrolled.values()) perDay.set(day, (perDay.get(day) ?? 0) + 1);
  let total = 0;
  const timeline = [...perDay.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, n]) => {
      total += n;
      return { day, enrolled: total };
    });
  return {
    pods,
    namespaces,
    timeline,
    waves: { done: waves.filter((w) => w.done).length, total: waves.length, saved },
    left: rows.filter((r) => r.pods.sidecar > 0).map((r) => r.name),
    blockers: rows.filter((r) => r.blockers > 0).map((r) => ({ namespace: r.name, count: r.blockers })),
  };
}
