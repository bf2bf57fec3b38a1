import 'server-only';
import type { ClusterSource } from '../cluster/source';
import {
  clusterChecks,
  listRecords,
  type MigrationPlan,
  type PlanOptions,
  planNamespace,
  rolloutProgress,
  stepPermissions,
  verifyStep,
} from '../migrate';
import { type MigrationNamespaceView, type MigrationOverviewView, summarizeRecord } from '../views/migration';
import { toYaml } from '../views/object-diff';
import { programmeProgress } from '../views/progress';
import { computedSnapshot, summaryView } from './summary';
import { recordTrafficCheck } from './traffic';
import { wavesView } from './waves';

const refOf = (t: { kind: string; namespace?: string; name: string }) =>
  `${t.kind}/${t.namespace ? `${t.namespace}/` : ''}${t.name}`;

/** The plan of a namespace as the server computes it now; apply and preview recompute it the same way. */
export function currentPlan(
  source: ClusterSource,
  ns: string,
  gatewayClass: string,
  certificates?: PlanOptions['certificates'],
): MigrationPlan {
  return planNamespace(source.snapshot().resources, ns, {
    gatewayClassName: gatewayClass,
    ...(certificates ? { certificates } : {}),
  });
}

/** Cluster checks, every record and the programme's progress, for the Migration overview. */
export async function migrationOverview(source: ClusterSource): Promise<MigrationOverviewView> {
  const snap = source.snapshot();
  const records = listRecords(snap.resources);
  const waves = await wavesView(source);
  return {
    checks: clusterChecks(snap.resources),
    records: records.map(summarizeRecord),
    progress: programmeProgress(
      (await summaryView(source)).namespaces,
      records,
      waves.waves,
      Boolean(waves.saved),
    ),
  };
}

/** One namespace's plan with the state of each step: last record, verification, permissions. */
export async function migrationNamespaceView(
  source: ClusterSource,
  ns: string,
  gatewayClass: string,
  certificates?: PlanOptions['certificates'],
): Promise<MigrationNamespaceView> {
  // The snapshot the background summary last finished: its indexes are built, so this stays fast
  // under a stream of changes. Preview and apply recompute from the current snapshot.
  const snapshot = await computedSnapshot(source);
  const resources = snapshot.resources;
  const plan = planNamespace(resources, ns, {
    gatewayClassName: gatewayClass,
    ...(certificates ? { certificates } : {}),
  });
  const records = await Promise.all(
    listRecords(resources, ns).map(async (r) => {
      const traffic = await recordTrafficCheck(r);
      return { ...summarizeRecord(r), ...(traffic ? { traffic } : {}) };
    }),
  );
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
    rollout: rolloutProgress(resources, ns),
    readOnly: info.readOnly,
    readOnlyReason: info.readOnly ? (info.readOnlyReason ?? 'read-only mode is on') : undefined,
  };
}
