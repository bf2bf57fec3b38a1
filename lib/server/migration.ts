import 'server-only';
import type { ClusterSource } from '../cluster/source';
import {
  clusterChecks,
  listRecords,
  type MigrationPlan,
  planNamespace,
  stepPermissions,
  verifyStep,
} from '../migrate';
import { type MigrationNamespaceView, type MigrationOverviewView, summarizeRecord } from '../views/migration';
import { toYaml } from '../views/object-diff';
import { computedSnapshot } from './summary';

const refOf = (t: { kind: string; namespace?: string; name: string }) =>
  `${t.kind}/${t.namespace ? `${t.namespace}/` : ''}${t.name}`;

/** The plan of a namespace as the server computes it now; apply and preview recompute it the same way. */
export function currentPlan(source: ClusterSource, ns: string, gatewayClass: string): MigrationPlan {
  return planNamespace(source.snapshot().resources, ns, { gatewayClassName: gatewayClass });
}

/** Cluster checks and every record, for the Migration overview. */
export function migrationOverview(source: ClusterSource): MigrationOverviewView {
  const resources = source.snapshot().resources;
  return { checks: clusterChecks(resources), records: listRecords(resources).map(summarizeRecord) };
}

/** One namespace's plan with the state of each step: last record, verification, permissions. */
export async function migrationNamespaceView(
  source: ClusterSource,
  ns: string,
  gatewayClass: string,
): Promise<MigrationNamespaceView> {
  // The snapshot the background summary last finished: its indexes are built, so this stays fast
  // under a stream of changes. Preview and apply recompute from the current snapshot.
  const snapshot = await computedSnapshot(source);
  const resources = snapshot.resources;
  const plan = planNamespace(resources, ns, { gatewayClassName: gatewayClass });
  const records = listRecords(resources, ns).map(summarizeRecord);
  const info = source.info();
  const steps = await Promise.all(
    plan.steps.map(async (s) => {
      const last = records.filter((r) => r.step === s.id).sort((a, b) => b.seq - a.seq)[0];
      return {
        id: s.id,
        title: s.title,
        description: s.description,
        skipped: s.skipped,
        reason: s.reason,
        objects: s.objects.map((o) => ({
          ref: refOf({ kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name }),
          yaml: toYaml(o),
        })),
        patches: s.patches.map((p) => ({
          ref: refOf(p.target),
          description: p.description,
          yaml: toYaml(p.patch),
        })),
        deletes: s.deletes.map((d) => ({ ref: refOf(d), reason: d.reason })),
        ...(last ? { last } : {}),
        verify: verifyStep(resources, ns, s.id, { plan }),
        permissions: s.skipped ? { allowed: true, missing: [] } : await stepPermissions(source, plan, s.id),
      };
    }),
  );
  return {
    namespace: ns,
    gatewayClass,
    waypoint: plan.waypoint,
    findings: plan.findings,
    steps,
    records: records.sort((a, b) => b.seq - a.seq),
    readOnly: info.readOnly,
    readOnlyReason: info.readOnly ? (info.readOnlyReason ?? 'read-only mode is on') : undefined,
  };
}
