import 'server-only';
import type { ResourceSet } from '../cluster/snapshot';
import type { ClusterSource } from '../cluster/source';
import type { Target } from '../convert/targets/types';
import {
  checkAccess,
  clusterChecks,
  listRecordsWithTrust,
  type MigrationPlan,
  type MigrationRecord,
  type PlanOptions,
  planNamespace,
  type RecordTrust,
  rollbackAccess,
  rollbackBoundsProblems,
  rolloutProgress,
  type StepId,
  type StepPermissions,
  stepOf,
  stepPermissions,
  verifyStep,
} from '../migrate';
import { directCallers } from '../migrate/plan-policies';
import { type MigrationNamespaceView, type MigrationOverviewView, summarizeRecord } from '../views/migration';
import { programmeProgress } from '../views/progress';
import { recordSigner } from './confirm';
import { unreadableSecrets } from './platform';
import { computedSnapshot, namespaceVersion, summaryView } from './summary';
import { clusterQuery, recordTrafficCheck } from './traffic';
import { wavesView } from './waves';

const refOf = (t: { kind: string; namespace?: string; name: string }) =>
  `${t.kind}/${t.namespace ? `${t.namespace}/` : ''}${t.name}`;

/** The plan of a namespace as the server computes it now; apply and preview recompute it the same way. */
export function currentPlan(
  source: ClusterSource,
  ns: string,
  gatewayClass: string,
  certificates?: PlanOptions['certificates'],
  target: Target = 'istio',
): MigrationPlan {
  return planNamespace(source.snapshot().resources, ns, {
    gatewayClassName: gatewayClass,
    target,
    now: new Date(),
    ...(certificates ? { certificates } : {}),
  });
}

// Plans per namespace and options, kept while the namespace's version (see namespaceVersion) is
// the same: a page polled or opened by several people plans once per change of its namespace,
// whatever changes elsewhere. A plan also reads the cluster's direct callers (sidecar service
// accounts anywhere): it is kept while they are the same. The most recently read plans are kept
// (a plan holds its conversion, ~40 KB at 50,000 pods), not one per namespace ever opened.
const PLANS_KEPT = 256;
const plans = new Map<string, { version: object; callers: readonly string[]; plan: MigrationPlan }>();

function cachedPlan(
  version: object,
  resources: ResourceSet,
  ns: string,
  gatewayClass: string,
  certificates: PlanOptions['certificates'] | undefined,
  target: Target,
): MigrationPlan {
  const key = JSON.stringify([ns, gatewayClass, certificates ?? null, target]);
  const callers = directCallers(resources);
  const hit = plans.get(key);
  plans.delete(key);
  if (hit && hit.version === version && hit.callers === callers) {
    plans.set(key, hit);
    return hit.plan;
  }
  // Certificate expiry is judged when the namespace is first planned (days move slower than changes).
  const plan = planNamespace(resources, ns, {
    gatewayClassName: gatewayClass,
    target,
    now: new Date(),
    ...(certificates ? { certificates } : {}),
  });
  plans.set(key, { version, callers, plan });
  for (const oldest of plans.keys()) {
    if (plans.size <= PLANS_KEPT) break;
    plans.delete(oldest);
  }
  return plan;
}

type StepChanges = Pick<MigrationNamespaceView['steps'][number], 'objects' | 'patches' | 'deletes'>;

function stepChanges(s: MigrationPlan['steps'][number]): StepChanges {
  return {
    objects: s.objects.map((o) => ({
      ref: refOf({ kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name }),
      object: o,
    })),
    patches: s.patches.map((p) => ({ ref: refOf(p.target), description: p.description, patch: p.patch })),
    deletes: s.deletes.map((d) => ({ ref: refOf(d), reason: d.reason })),
  };
}

/** What a step's confirmation is bound to: the namespace and the step's exact changes. */
export function stepDigestInput(plan: MigrationPlan, stepId: StepId): unknown {
  const s = stepOf(plan, stepId);
  return { ns: plan.namespace, step: stepId, objects: s.objects, patches: s.patches, deletes: s.deletes };
}

/** Cluster checks, every record with its trust, and the programme's progress, for the Migration overview. */
export async function migrationOverview(source: ClusterSource): Promise<MigrationOverviewView> {
  const snap = source.snapshot();
  const withTrust = listRecordsWithTrust(snap.resources, recordSigner);
  const waves = await wavesView(source);
  return {
    checks: clusterChecks(snap.resources, unreadableSecrets(source)),
    records: withTrust.map((r) => summarizeRecord(r.record, r.trust)),
    progress: programmeProgress(
      (await summaryView(source)).namespaces,
      withTrust.map((r) => r.record),
      waves.waves,
      Boolean(waves.saved),
    ),
  };
}

/** Why the user cannot roll `record` back, or undefined: the same rules the rollback route enforces. */
export function rollbackBlocked(
  record: MigrationRecord,
  trust: RecordTrust,
  readOnlyReason: string | undefined,
  permissions: StepPermissions,
): string | undefined {
  if (readOnlyReason) return readOnlyReason;
  if (trust !== 'trusted')
    return trust === 'unsigned'
      ? 'this record is not signed by this server: it is not trusted'
      : 'this record was altered after it was written: it is not trusted';
  const problems = rollbackBoundsProblems(record, record.namespace);
  if (problems.length) return `the record reaches outside its namespace or step: ${problems[0]}`;
  if (!permissions.allowed)
    return `you lack the permissions a rollback needs (${permissions.missing.map((m) => `${m.verb} ${m.resource}`).join(', ')})`;
  return undefined;
}

/** One namespace's plan with the state of each step: last record, verification, permissions. */
export async function migrationNamespaceView(
  source: ClusterSource,
  ns: string,
  gatewayClass: string,
  certificates?: PlanOptions['certificates'],
  target: Target = 'istio',
): Promise<MigrationNamespaceView> {
  // The snapshot the background summary last finished: its indexes are built, so this stays fast
  // under a stream of changes. Preview and apply recompute from the current snapshot.
  const snapshot = await computedSnapshot(source);
  const resources = snapshot.resources;
  const plan = cachedPlan(
    await namespaceVersion(source, ns),
    resources,
    ns,
    gatewayClass,
    certificates,
    target,
  );
  // Records from the current snapshot (a few labelled ConfigMaps): the record an apply or a
  // rollback just wrote shows in the next read, before the background model has caught up.
  const withTrust = listRecordsWithTrust(source.snapshot().resources, recordSigner, ns);
  const info = source.info();
  const readOnlyReason = info.readOnly ? (info.readOnlyReason ?? 'read-only mode is on') : undefined;
  const records = await Promise.all(
    withTrust.map(async (r) => {
      const traffic = await recordTrafficCheck(r.record, { query: clusterQuery(source) });
      return { ...summarizeRecord(r.record, r.trust), ...(traffic ? { traffic } : {}) };
    }),
  );
  const steps = await Promise.all(
    plan.steps.map(async (s) => {
      const lastFull = withTrust
        .filter((r) => r.record.step === s.id)
        .sort((a, b) => b.record.seq - a.record.seq)[0];
      const permissions = s.skipped
        ? { allowed: true, missing: [] }
        : await stepPermissions(source, plan, s.id);
      const rollbackPerms =
        lastFull &&
        lastFull.trust === 'trusted' &&
        !readOnlyReason &&
        rollbackBoundsProblems(lastFull.record, ns).length === 0
          ? await Promise.resolve()
              .then(() => checkAccess(source, rollbackAccess(lastFull.record)))
              .catch(() => ({
                allowed: false,
                missing: [],
              }))
          : { allowed: true, missing: [] };
      const blocked = lastFull
        ? rollbackBlocked(lastFull.record, lastFull.trust, readOnlyReason, rollbackPerms)
        : undefined;
      const traffic = lastFull && records.find((r) => r.id === lastFull.record.id)?.traffic;
      const last = lastFull
        ? {
            ...summarizeRecord(lastFull.record, lastFull.trust),
            ...(blocked ? { rollbackBlocked: blocked } : {}),
            ...(traffic ? { traffic } : {}),
          }
        : undefined;
      return {
        id: s.id,
        title: s.title,
        description: s.description,
        skipped: s.skipped,
        reason: s.reason,
        ...stepChanges(s),
        ...(last ? { last } : {}),
        verify: verifyStep(resources, ns, s.id, { plan }),
        permissions,
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
    readOnlyReason,
  };
}
