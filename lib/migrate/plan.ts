import type { ResourceSet } from '../cluster/snapshot';
import type { ConversionResult } from '../convert/types';
import { type KubeObject, objectRef } from '../k8s/objects';
import { arr, rec } from '../mesh/fields';
import { indexOf } from '../model/cluster-index';
import {
  applyCertificateStrategy,
  type CertificateStrategy,
  type StrategyOutcome,
} from '../platform/certificate-strategy';
import { platformPlanFindings } from '../platform/plan-findings';
import { convertForPlan } from './conversion';
import { convertedVirtualServices, copiedPolicies, unusedSubsets } from './plan-cleanup';
import { ingressStep } from './plan-ingress';
import { ambientPatch, removeInjectionPatches, restartPatches, waypointLabelPatch } from './plan-labels';
import { bypassPolicies, policyCopies } from './plan-policies';
import { chooseWaypoint, l7Reasons, waypointGateway } from './plan-waypoint';
import { findingsFor, sortFindings } from './preflight';
import { sidecarWorkloads } from './resources';
import { type MigrationPlan, type PlanOptions, RESTART_AT_APPLY, type Step, type StepId } from './types';

type StepBody = Omit<Step, 'id' | 'title' | 'skipped' | 'reason'>;

const TITLES: Record<StepId, string> = {
  'deploy-waypoint': 'Deploy a waypoint',
  'migrate-policies': 'Migrate L7 policies to the waypoint',
  'create-routes': 'Create Gateway API routes',
  'migrate-ingress': 'Move Ingresses to Gateway API',
  'use-waypoint': 'Send the namespace through the waypoint',
  'enable-ambient': 'Enable ambient mode',
  'remove-injection': 'Remove sidecar injection',
  'restart-workloads': 'Restart workloads',
  verify: 'Verify',
  cleanup: 'Clean up',
};

function step(id: StepId, body: Partial<StepBody> & { description: string }, skipReason?: string): Step {
  const s: Step = {
    id,
    title: TITLES[id],
    description: body.description,
    skipped: skipReason !== undefined,
    objects: body.objects ?? [],
    patches: body.patches ?? [],
    deletes: body.deletes ?? [],
  };
  if (skipReason !== undefined) s.reason = skipReason;
  return s;
}

/**
 * The Services of `ns` once the routes step has run, sorted by name: those in the cluster and the
 * per-subset Services the conversion creates (those not in the cluster yet).
 */
function plannedServices(
  resources: ResourceSet,
  ns: string,
  conversion: ConversionResult,
): readonly KubeObject[] {
  const ix = indexOf(resources);
  const existing = ix.objects('services', ns);
  const names = new Set(ix.all('services', ns).map((s) => s.metadata.name));
  const extra = conversion.resources.filter(
    (o) => o.kind === 'Service' && o.metadata.namespace === ns && !names.has(o.metadata.name),
  );
  if (extra.length === 0) return existing;
  return [...existing, ...extra].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
}

const routeKinds = new Set(['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute']);

function routesStep(ns: string, conversion: ConversionResult): Step {
  const objects = conversion.resources.filter((o) => o.metadata.namespace !== undefined);
  const routes = objects.filter((o) => routeKinds.has(o.kind)).length;
  const services = objects.filter((o) => o.kind === 'Service').length;
  const description = `Apply the Gateway API form of the namespace's VirtualServices and DestinationRule subsets: ${routes} route(s), ${services} per-subset Service(s), ${objects.length - routes - services} other object(s). The VirtualServices stay until clean-up; review the conversion findings first.`;
  return step(
    'create-routes',
    { description, objects },
    objects.length === 0 ? `no VirtualServices in ${ns} to convert` : undefined,
  );
}

/**
 * The migration plan of namespace `ns`, in the order of Istio's guide: deploy waypoint → migrate
 * policies → create routes → use-waypoint label → ambient label → remove injection → restart →
 * verify → clean up. Steps that do not apply are `skipped` with a reason. Pure and deterministic:
 * the restart time is an option.
 */
export function planNamespace(resources: ResourceSet, ns: string, opts: PlanOptions = {}): MigrationPlan {
  const conversion = convertForPlan(resources, ns, opts.gatewayClassName);
  const findings = sortFindings([
    ...findingsFor(resources, ns, conversion),
    ...platformPlanFindings(resources, ns, opts.now),
  ]);
  const reasons = l7Reasons(resources, ns, conversion);
  const wp = chooseWaypoint(resources, ns, opts.waypointName || 'waypoint');
  const needsWaypoint = reasons.length > 0;
  const steps: Step[] = [];

  const deployDesc = `Create Gateway ${wp.namespace}/${wp.name} (class istio-waypoint, listener mesh on 15008/HBONE); Istio deploys the waypoint proxy for it. Needed for: ${reasons.join('; ') || 'nothing'}.`;
  steps.push(
    step(
      'deploy-waypoint',
      {
        description: deployDesc,
        objects: needsWaypoint && !wp.existing ? [waypointGateway(ns, wp.name)] : [],
      },
      !needsWaypoint
        ? 'no L7 features (routes, L7 authorization, request authentication, Wasm) in use: ztunnel alone is enough'
        : wp.existing,
    ),
  );

  // Per-subset Services the routes step creates are policy targets too, so the plan is the same before and after it.
  const services = needsWaypoint ? plannedServices(resources, ns, conversion) : [];
  const copies = needsWaypoint ? policyCopies(resources, ns, wp.name, services) : [];
  const bypass =
    copies.length && opts.bypassProtection !== false
      ? bypassPolicies(resources, ns, wp, copies, services)
      : [];
  steps.push(
    step(
      'migrate-policies',
      {
        description: `Add targetRefs copies (named <policy>-waypoint) of ${copies.length} selector-based L7 policy(ies) so the waypoint enforces them; the originals keep working for sidecars until clean-up.${bypass.length ? ` Add ${bypass.length} DENY policy(ies) (<service>-deny-waypoint-bypass) that refuse callers other than the waypoint and clients still on sidecars, so pod IPs cannot be used to skip the waypoint; plaintext callers from outside the mesh are refused too.` : ''}`,
        objects: [...copies.map((c) => c.copy), ...bypass],
      },
      copies.length === 0
        ? 'no selector-based L7 AuthorizationPolicy, RequestAuthentication or WasmPlugin to move'
        : undefined,
    ),
  );

  const certified = applyCertificateStrategy(resources, conversion.resources, opts.certificates);
  steps.push(routesStep(ns, { ...conversion, resources: certified.objects }));
  const ingress = ingressStep(resources, ns, opts);
  steps.push(step('migrate-ingress', ingress.body, ingress.skip));

  const useWp = needsWaypoint ? waypointLabelPatch(resources, ns, wp) : undefined;
  steps.push(
    step(
      'use-waypoint',
      {
        description: `Label the namespace istio.io/use-waypoint=${wp.name} so traffic to its Services goes through the waypoint.`,
        patches: useWp ? [useWp] : [],
      },
      !needsWaypoint ? 'no waypoint needed' : useWp ? undefined : 'namespace already labelled',
    ),
  );

  const ambient = ambientPatch(resources, ns);
  steps.push(
    step(
      'enable-ambient',
      {
        description:
          'Label the namespace istio.io/dataplane-mode=ambient: new and restarted pods are captured by ztunnel (a pod that still has a sidecar keeps using it).',
        patches: ambient ? [ambient] : [],
      },
      ambient ? undefined : 'namespace already labelled istio.io/dataplane-mode=ambient',
    ),
  );

  const injection = removeInjectionPatches(resources, ns);
  steps.push(
    step(
      'remove-injection',
      {
        description:
          'Remove sidecar injection (istio-injection, istio.io/rev, pod-template sidecar.istio.io/inject=true) so restarted pods come back without a sidecar.',
        patches: injection,
      },
      injection.length ? undefined : 'no injection labels left',
    ),
  );

  const restarts = restartPatches(resources, ns, opts.restartedAt ?? RESTART_AT_APPLY);
  steps.push(
    step(
      'restart-workloads',
      {
        description: `Roll ${restarts.length} workload(s) (kubectl rollout restart): the new pods have no sidecar and are captured by ztunnel.`,
        patches: restarts,
      },
      restarts.length
        ? undefined
        : sidecarWorkloads(resources, ns).length
          ? 'sidecar pods have no Deployment, StatefulSet or DaemonSet to roll (see findings)'
          : 'no pods with a sidecar',
    ),
  );

  steps.push(
    step('verify', {
      description:
        'Check that pods run without sidecars and are captured by ztunnel, the waypoint is programmed, routes are accepted and labels are in place. Nothing is changed.',
    }),
  );

  const vsDeletes = convertedVirtualServices(resources, ns, conversion);
  const policyDeletes = copiedPolicies(
    resources,
    copies.map((c) => ({ source: c.source.object, copy: c.copy })),
  );
  const subsets = unusedSubsets(
    resources,
    ns,
    new Set(vsDeletes.map((d) => `${d.kind}/${d.namespace}/${d.name}`)),
  );
  const deletes = [...policyDeletes, ...vsDeletes, ...subsets.deletes, ...ingress.deletes];
  steps.push(
    step(
      'cleanup',
      {
        description:
          'After verification: delete the selector-based L7 policies that now have waypoint copies, the converted east-west VirtualServices, DestinationRule subsets nothing uses, and Ingresses whose Gateway API form is in the cluster. Refused until verify passes.',
        deletes,
        patches: subsets.patches,
      },
      deletes.length + subsets.patches.length
        ? undefined
        : 'nothing to clean up (copies and routes must be in the cluster first)',
    ),
  );

  // Without the Namespace object nothing can be labelled or verified: show the steps, apply none.
  const finalSteps = indexOf(resources).namespace(ns)
    ? steps
    : steps.map((s) => ({
        ...emptied(s),
        skipped: true,
        reason: `namespace ${ns} not found (or not readable)`,
      }));
  const plan: MigrationPlan = { namespace: ns, findings, steps: finalSteps };
  if (needsWaypoint) plan.waypoint = { name: wp.name, namespace: wp.namespace };
  const certificates = certificateChoice(certified, opts.certificates);
  if (certificates) plan.certificates = certificates;
  return plan;
}

/** The certificate strategy of a plan whose converted Gateways carry certificates, with what it did per Gateway. */
function certificateChoice(
  certified: StrategyOutcome,
  strategy: CertificateStrategy = 'reference-grant',
): MigrationPlan['certificates'] {
  const gateways = certified.objects.filter(
    (o) =>
      o.kind === 'Gateway' &&
      arr(rec(o.spec)?.listeners).some((l) => arr(rec(rec(l)?.tls)?.certificateRefs).length > 0),
  );
  if (gateways.length === 0) return undefined;
  const noted = new Set(certified.notes.map((n) => n.gateway));
  const notes = [
    ...certified.notes,
    ...gateways
      .map((g) => `Gateway/${g.metadata.namespace}/${g.metadata.name}`)
      .filter((g) => !noted.has(g))
      .map((gateway) => ({
        gateway,
        strategy: 'reference-grant' as const,
        message: 'reads the existing Secrets; a ReferenceGrant lets it read them across namespaces',
      })),
  ];
  return { strategy, notes };
}

function emptied(s: Step): Step {
  return { ...s, objects: [], patches: [], deletes: [] };
}

/** The step of a plan; throws for an unknown id. */
export function stepOf(plan: MigrationPlan, id: StepId): Step {
  const s = plan.steps.find((x) => x.id === id);
  if (!s) throw new Error(`plan has no step ${id}`);
  return s;
}

/** `Kind/namespace/name` of everything a step changes, in apply order. */
export function stepChangeRefs(s: Step): string[] {
  return [
    ...s.objects.map((o) => objectRef(o)),
    ...s.patches.map(
      (p) => `${p.target.kind}/${p.target.namespace ? `${p.target.namespace}/` : ''}${p.target.name}`,
    ),
    ...s.deletes.map((d) => `${d.kind}/${d.namespace}/${d.name}`),
  ];
}
