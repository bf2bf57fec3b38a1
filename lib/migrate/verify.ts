import type { ResourceSet } from '../cluster/snapshot';
import { descriptorForGroupKind } from '../k8s/kinds';
import { type KubeObject, objectRef } from '../k8s/objects';
import { conditionsOf, rec, str } from '../mesh/fields';
import {
  AMBIENT_REDIRECTION_ANNOTATION,
  DATAPLANE_MODE_LABEL,
  INJECTION_LABEL,
  REVISION_LABEL,
  USE_WAYPOINT_LABEL,
} from '../mesh/labels';
import { indexOf } from '../model/cluster-index';
import { l7PoliciesToMigrate } from './l7';
import { isMeshProxyPod, isSidecarPod, waypointsIn } from './resources';
import type { MigrationPlan, StepId, VerifyCheck, VerifyResult } from './types';
import { gatewayProgrammedChecks, routeStatusChecks } from './verify-status';

export interface VerifyOptions {
  /** The plan the steps came from: its objects must exist (and its deletes be gone). */
  plan?: MigrationPlan;
  /** Waypoint to check when no plan is given (default: the one the namespace label names, else `waypoint`). */
  waypointName?: string;
}

const check = (name: string, ok: boolean, detail: string, advisory = false): VerifyCheck =>
  advisory ? { name, ok, detail, advisory } : { name, ok, detail };

const list = (items: string[], max = 5) =>
  `${items.slice(0, max).join(', ')}${items.length > max ? `, … (${items.length})` : ''}`;

function findObject(
  resources: ResourceSet,
  o: { kind: string; apiVersion: string; namespace?: string; name: string },
): KubeObject | undefined {
  const group = o.apiVersion.includes('/') ? (o.apiVersion.split('/')[0] ?? '') : '';
  const d = descriptorForGroupKind(group, o.kind);
  if (!d) return undefined;
  return indexOf(resources)
    .all(d.key, o.namespace ?? '')
    .find((x) => x.metadata.name === o.name);
}

function waypointName(resources: ResourceSet, ns: string, opts: VerifyOptions): string | undefined {
  if (opts.plan) return opts.plan.waypoint?.namespace === ns ? opts.plan.waypoint.name : undefined;
  return (
    indexOf(resources).namespace(ns)?.metadata.labels?.[USE_WAYPOINT_LABEL] ??
    opts.waypointName ??
    (waypointsIn(resources, ns).length ? 'waypoint' : undefined)
  );
}

function waypointChecks(resources: ResourceSet, ns: string, opts: VerifyOptions): VerifyCheck[] {
  const name = waypointName(resources, ns, opts);
  if (!name) return [];
  const gw = waypointsIn(resources, ns).find((g) => g.metadata.name === name);
  if (!gw) return [check('waypoint programmed', false, `waypoint Gateway ${ns}/${name} not found`)];
  const programmed = conditionsOf(gw.status).find((c) => c.type === 'Programmed');
  return [
    check(
      'waypoint programmed',
      programmed?.status === 'True',
      programmed
        ? `Programmed=${programmed.status}${programmed.message ? `: ${programmed.message}` : ''}`
        : 'no Programmed condition yet',
    ),
  ];
}

function labelChecks(resources: ResourceSet, ns: string, stepId: StepId, opts: VerifyOptions): VerifyCheck[] {
  const labels = indexOf(resources).namespace(ns)?.metadata.labels ?? {};
  const out: VerifyCheck[] = [];
  const wp = waypointName(resources, ns, opts);
  if ((stepId === 'use-waypoint' || stepId === 'verify') && wp) {
    out.push(
      check(
        'use-waypoint label',
        labels[USE_WAYPOINT_LABEL] === wp,
        `${USE_WAYPOINT_LABEL}=${labels[USE_WAYPOINT_LABEL] ?? '(unset)'}, expected ${wp}`,
      ),
    );
  }
  if (stepId === 'enable-ambient' || stepId === 'verify') {
    out.push(
      check(
        'ambient label',
        labels[DATAPLANE_MODE_LABEL] === 'ambient',
        `${DATAPLANE_MODE_LABEL}=${labels[DATAPLANE_MODE_LABEL] ?? '(unset)'}`,
      ),
    );
  }
  if (stepId === 'remove-injection' || stepId === 'verify') {
    const left = [INJECTION_LABEL, REVISION_LABEL].filter(
      (k) => labels[k] !== undefined && !(k === INJECTION_LABEL && labels[k] === 'disabled'),
    );
    out.push(
      check(
        'injection labels removed',
        left.length === 0,
        left.length ? `still set: ${left.join(', ')}` : 'no injection labels on the namespace',
      ),
    );
  }
  return out;
}

function podChecks(resources: ResourceSet, ns: string): VerifyCheck[] {
  const pods = indexOf(resources)
    .objects('pods', ns)
    .filter((p) => {
      const phase = str(rec(p.status)?.phase);
      return (
        phase !== 'Succeeded' &&
        phase !== 'Failed' &&
        rec(p.spec)?.hostNetwork !== true &&
        p.metadata.labels?.[DATAPLANE_MODE_LABEL] !== 'none' &&
        !isMeshProxyPod(p)
      );
    });
  const sidecars = pods.filter(isSidecarPod);
  const uncaptured = pods.filter(
    (p) => !isSidecarPod(p) && p.metadata.annotations?.[AMBIENT_REDIRECTION_ANNOTATION] !== 'enabled',
  );
  return [
    check(
      'pods without sidecars',
      sidecars.length === 0,
      sidecars.length
        ? `${sidecars.length} pod(s) still have a sidecar: ${list(sidecars.map((p) => p.metadata.name))}`
        : `${pods.length} pod(s), none with a sidecar`,
    ),
    check(
      'pods captured by ztunnel',
      uncaptured.length === 0,
      uncaptured.length
        ? `${uncaptured.length} pod(s) without ${AMBIENT_REDIRECTION_ANNOTATION}=enabled: ${list(uncaptured.map((p) => p.metadata.name))}`
        : `${pods.length - sidecars.length} pod(s) captured`,
    ),
  ];
}

// What `verify` re-checks of the earlier steps that create objects.
const CREATING_STEPS: StepId[] = ['deploy-waypoint', 'migrate-policies', 'create-routes', 'migrate-ingress'];

function plannedObjectChecks(resources: ResourceSet, stepId: StepId, opts: VerifyOptions): VerifyCheck[] {
  const ids = stepId === 'verify' ? CREATING_STEPS : [stepId];
  const steps = (opts.plan?.steps ?? []).filter((x) => ids.includes(x.id) && !x.skipped);
  const out: VerifyCheck[] = [];
  const objects = steps.flatMap((x) => x.objects);
  if (objects.length) {
    const missing = objects.filter(
      (o) =>
        !findObject(resources, {
          kind: o.kind,
          apiVersion: o.apiVersion,
          namespace: o.metadata.namespace,
          name: o.metadata.name,
        }),
    );
    out.push(
      check(
        'objects present',
        missing.length === 0,
        missing.length ? `missing: ${list(missing.map(objectRef))}` : `${objects.length} object(s) present`,
      ),
    );
  }
  const s = steps.find((x) => x.id === stepId);
  if (!s) return out;
  if (s.deletes.length) {
    const left = s.deletes.filter((d) => findObject(resources, d));
    out.push(
      check(
        'objects deleted',
        left.length === 0,
        left.length
          ? `still present: ${list(left.map((d) => `${d.kind}/${d.namespace}/${d.name}`))}`
          : `${s.deletes.length} object(s) gone`,
      ),
    );
  }
  return out;
}

/** The Gateways of `ns` the plan's steps (all creating ones for `verify`) create; undefined without a plan. */
function plannedGateways(stepId: StepId, ns: string, opts: VerifyOptions): { name: string }[] | undefined {
  if (!opts.plan) return undefined;
  const ids = stepId === 'verify' ? CREATING_STEPS : [stepId];
  return opts.plan.steps
    .filter((x) => ids.includes(x.id) && !x.skipped)
    .flatMap((x) => x.objects)
    .filter((o) => o.kind === 'Gateway' && o.metadata.namespace === ns)
    .map((o) => ({ name: o.metadata.name }));
}

function pendingCleanupCheck(resources: ResourceSet, ns: string): VerifyCheck[] {
  const allows = l7PoliciesToMigrate(resources, ns).filter(
    (p) => p.kind === 'AuthorizationPolicy' && (str(rec(p.object.spec)?.action) ?? 'ALLOW') === 'ALLOW',
  );
  if (allows.length === 0) return [];
  return [
    check(
      'selector L7 ALLOW policies removed',
      false,
      `${list(allows.map((p) => objectRef(p.object)))} deny all traffic at ztunnel for ambient pods; run clean-up`,
      true,
    ),
  ];
}

/**
 * Checks that a step took effect in `resources`, reading the conditions istiod writes: the waypoint
 * and the created Gateways are Programmed, routes Accepted with ResolvedRefs at every parent, labels present, pods recreated without sidecars and captured by ztunnel, planned objects present
 * and deleted ones gone. `verify` combines all of them. Advisory checks do not fail the result.
 */
export function verifyStep(
  resources: ResourceSet,
  ns: string,
  stepId: StepId,
  opts: VerifyOptions = {},
): VerifyResult {
  const checks: VerifyCheck[] = [...plannedObjectChecks(resources, stepId, opts)];
  if (stepId === 'deploy-waypoint' || stepId === 'use-waypoint' || stepId === 'verify')
    checks.push(...waypointChecks(resources, ns, opts));
  if (stepId === 'create-routes' || stepId === 'migrate-ingress' || stepId === 'verify') {
    checks.push(...routeStatusChecks(resources, ns));
    checks.push(...gatewayProgrammedChecks(resources, ns, plannedGateways(stepId, ns, opts)));
  }
  checks.push(...labelChecks(resources, ns, stepId, opts));
  if (stepId === 'restart-workloads' || stepId === 'verify') checks.push(...podChecks(resources, ns));
  if (stepId === 'verify') checks.push(...pendingCleanupCheck(resources, ns));
  return { ok: checks.every((c) => c.ok || c.advisory), checks };
}
