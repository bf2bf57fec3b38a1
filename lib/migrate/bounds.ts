import { parseApiVersion } from '../k8s/kinds';
import type { MigrationRecord } from './records';
import type { StepId, TargetRef } from './types';

const MESH_GROUPS = ['networking.istio.io', 'security.istio.io', 'extensions.istio.io', 'telemetry.istio.io'];
const GATEWAY_GROUPS = ['gateway.networking.k8s.io', 'gateway.networking.x-k8s.io'];
const WORKLOADS = ['apps/Deployment', 'apps/StatefulSet', 'apps/DaemonSet'];
const all = (groups: string[]) => groups.map((g) => `${g}/*`);

/**
 * `group/Kind` (or `group/*`) each step may write, and so the only kinds its rollback may touch.
 * A step that starts writing a new kind adds it here; core kinds are named one by one, so a record
 * can never send a rollback to Secrets, RBAC or anything else the tool does not manage.
 */
export const STEP_WRITES: Record<StepId, readonly string[]> = {
  'deploy-waypoint': all(GATEWAY_GROUPS),
  'migrate-policies': [...all(MESH_GROUPS), ...all(GATEWAY_GROUPS)],
  'create-routes': [...all(GATEWAY_GROUPS), ...all(MESH_GROUPS), '/Service'],
  // Gateway, routes, BackendTLSPolicies and the Istio target's AuthorizationPolicies/DestinationRules.
  'migrate-ingress': [...all(GATEWAY_GROUPS), ...all(MESH_GROUPS)],
  'use-waypoint': ['/Namespace', '/Service', ...WORKLOADS],
  'enable-ambient': ['/Namespace', ...WORKLOADS],
  'remove-injection': ['/Namespace', ...WORKLOADS],
  'restart-workloads': WORKLOADS,
  verify: [],
  cleanup: [...all(MESH_GROUPS), ...all(GATEWAY_GROUPS), '/Service', 'networking.k8s.io/Ingress'],
};

/** Whether `step` may write objects of `target`'s kind. */
export function stepMayWrite(step: StepId, target: Pick<TargetRef, 'apiVersion' | 'kind'>): boolean {
  const { group } = parseApiVersion(target.apiVersion);
  const allowed = STEP_WRITES[step] ?? [];
  return allowed.includes(`${group}/${target.kind}`) || allowed.includes(`${group}/*`);
}

/**
 * Why a rollback of `record` (stored in namespace `storedIn`) must be refused, or [] when it stays
 * within bounds: every target is in the record's own namespace (or is that Namespace object) and
 * of a kind the record's step writes, and each prior state names the change it belongs to.
 */
export function rollbackBoundsProblems(record: MigrationRecord, storedIn: string): string[] {
  const problems: string[] = [];
  const ns = record.namespace;
  if (ns !== storedIn) problems.push(`the record says namespace "${ns}" but is stored in "${storedIn}"`);
  if (!record.id.startsWith(`${storedIn}/`))
    problems.push(`the record id "${record.id}" is not in "${storedIn}"`);
  if (!(record.step in STEP_WRITES)) problems.push(`unknown step "${record.step}"`);
  const check = (t: TargetRef | undefined, where: string) => {
    if (!t || typeof t.kind !== 'string' || typeof t.apiVersion !== 'string' || typeof t.name !== 'string') {
      problems.push(`${where}: no target`);
      return;
    }
    const ref = `${t.kind}/${t.namespace ? `${t.namespace}/` : ''}${t.name}`;
    const isOwnNamespace =
      t.kind === 'Namespace' && t.apiVersion === 'v1' && t.name === storedIn && !t.namespace;
    if (!isOwnNamespace && t.namespace !== storedIn && !isOwnGrant(record.step, t, storedIn))
      problems.push(`${where} ${ref} is outside namespace ${storedIn}`);
    if (record.step in STEP_WRITES && !stepMayWrite(record.step, t))
      problems.push(`${where} ${ref}: step ${record.step} never writes ${t.apiVersion} ${t.kind}`);
  };
  if (record.prior.length !== record.changes.length)
    problems.push(`${record.changes.length} change(s) but ${record.prior.length} prior state(s)`);
  for (const [i, c] of record.changes.entries()) {
    check(c.target, 'change');
    const p = record.prior[i];
    if (!p) continue;
    check(p.target, 'prior state');
    if (p.object) {
      const o = objectTarget(p.object);
      check(o, 'prior object');
      if (
        p.target &&
        (o.kind !== p.target.kind || o.name !== p.target.name || o.namespace !== p.target.namespace)
      )
        problems.push(`prior object ${o.kind}/${o.name} is not ${p.ref}`);
    }
    const same =
      p.target &&
      c.target &&
      p.target.kind === c.target.kind &&
      p.target.apiVersion === c.target.apiVersion &&
      p.target.name === c.target.name &&
      p.target.namespace === c.target.namespace;
    if (!same) problems.push(`prior state ${i + 1} does not belong to change ${c.ref}`);
  }
  return problems;
}

/**
 * The one kind of object a step writes outside its namespace: the ReferenceGrant that lets the
 * namespace's routes reach backends or certificates elsewhere, named after the namespace.
 */
function isOwnGrant(step: StepId, t: TargetRef, ns: string): boolean {
  return (
    step === 'create-routes' &&
    t.kind === 'ReferenceGrant' &&
    parseApiVersion(t.apiVersion).group === 'gateway.networking.k8s.io' &&
    t.name.startsWith(`mesh-migrator-${ns}-`)
  );
}

function objectTarget(o: {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown; namespace?: unknown };
}): TargetRef {
  const t: TargetRef = {
    apiVersion: String(o.apiVersion),
    kind: String(o.kind),
    name: String(o.metadata?.name),
  };
  if (o.metadata?.namespace !== undefined) t.namespace = String(o.metadata.namespace);
  return t;
}
