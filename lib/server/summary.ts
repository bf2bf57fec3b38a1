import 'server-only';
import type { ClusterSnapshot } from '../cluster/snapshot';
import { KINDS } from '../k8s/kinds';
import { summarizeCluster } from '../mesh/summary';
import type { ClusterSummary } from '../mesh/views';
import { namespaceFindings } from '../migrate/preflight';
import type { NamespaceDetailView, NamespaceRow, SummaryView } from '../views/summary';

interface Computed {
  summary: ClusterSummary;
  rows: NamespaceRow[];
  findings: Map<string, NamespaceDetailView['findings']>;
}

// Snapshots are immutable and replaced on change, so identity is a safe cache key.
const cache = new WeakMap<ClusterSnapshot, Computed>();

function compute(snap: ClusterSnapshot): Computed {
  const hit = cache.get(snap);
  if (hit) return hit;
  const summary = summarizeCluster(snap.resources);
  const findings = new Map<string, NamespaceDetailView['findings']>();
  const rows = summary.namespaces.map((n) => {
    const f = namespaceFindings(snap.resources, n.name);
    findings.set(n.name, f);
    return {
      ...n,
      blockers: f.filter((x) => x.severity === 'blocker').length,
      warnings: f.filter((x) => x.severity === 'warning').length,
    };
  });
  const computed = { summary, rows, findings };
  cache.set(snap, computed);
  return computed;
}

function incomplete(snap: ClusterSnapshot): SummaryView['incomplete'] {
  return KINDS.filter((k) => snap.kinds[k.key].state !== 'ok' && k.key !== 'configmaps').map((k) => ({
    kind: k.label,
    state: snap.kinds[k.key].state,
    message: snap.kinds[k.key].message,
  }));
}

/** The Overview / Namespaces view of a snapshot. */
export function summaryView(snap: ClusterSnapshot): SummaryView {
  const c = compute(snap);
  return {
    revision: snap.revision,
    namespaces: c.rows,
    controlPlane: c.summary.controlPlane,
    waypoints: c.summary.waypoints,
    pods: c.summary.pods,
    incomplete: incomplete(snap),
  };
}

/** One namespace's view; undefined when the namespace is unknown. */
export function namespaceDetailView(snap: ClusterSnapshot, name: string): NamespaceDetailView | undefined {
  const c = compute(snap);
  const row = c.rows.find((r) => r.name === name);
  if (!row) return undefined;
  const ns = snap.resources.namespaces.find((n) => n.metadata.name === name);
  return {
    revision: snap.revision,
    namespace: row,
    labels: ns?.metadata.labels ?? {},
    workloads: c.summary.workloads.filter((w) => w.namespace === name),
    services: c.summary.services.filter((s) => s.namespace === name),
    findings: c.findings.get(name) ?? [],
  };
}

/** The summary itself, for the topology and CLI. */
export function clusterSummary(snap: ClusterSnapshot): ClusterSummary {
  return compute(snap).summary;
}
