import type { ResourceSet } from '../cluster/snapshot';
import { convertForTarget } from '../convert/convert-target';
import { DEFAULT_CLASS, TARGET_LABEL } from '../convert/targets/types';
import { descriptorFor } from '../k8s/kinds';
import { type KubeObject, objectRef } from '../k8s/objects';
import { arr, rec, str } from '../mesh/fields';
import type { PlannedDelete, PlanOptions, Step } from './types';

function exists(resources: ResourceSet, o: KubeObject): boolean {
  const d = descriptorFor(o.apiVersion, o.kind);
  return (
    d !== undefined &&
    resources[d.key].some(
      (x) => x.metadata.name === o.metadata.name && x.metadata.namespace === o.metadata.namespace,
    )
  );
}

/** Where an Ingress is served today: its status addresses, or the ingress controller's. */
function currentAddress(ing: KubeObject): string {
  const lb = arr(rec(rec(ing.status)?.loadBalancer)?.ingress).map(rec);
  const addrs = lb.flatMap((x) => [str(x?.ip), str(x?.hostname)].filter((v): v is string => !!v));
  return addrs.length ? addrs.join(', ') : "the ingress controller's address";
}

function hostsOf(ing: KubeObject): string[] {
  return arr(rec(ing.spec)?.rules).flatMap((r) => str(rec(r)?.host) ?? []);
}

/**
 * The Ingress step of a namespace: the Gateway API form of its Ingresses (Gateways, routes, the
 * target's policies) to apply, and — once all of it is in the cluster — the Ingresses to delete at
 * clean-up, with the address change spelled out.
 */
export function ingressStep(resources: ResourceSet, ns: string, opts: PlanOptions) {
  const ingresses = resources.ingresses.filter((i) => (i.metadata.namespace ?? 'default') === ns);
  const target = opts.target ?? 'istio';
  if (ingresses.length === 0)
    return {
      body: { description: 'No Ingresses in the namespace.' },
      skip: `no Ingresses in ${ns}`,
      deletes: [] as PlannedDelete[],
    };
  const gatewayClassName = opts.gatewayClassName || DEFAULT_CLASS[target];
  const r = convertForTarget(resources, { namespace: ns, target, gatewayClassName });
  const refs = new Set(ingresses.map(objectRef));
  const outputs = new Set(r.sources.filter((s) => refs.has(s.source)).flatMap((s) => s.outputs));
  const all = r.resources.filter((o) => outputs.has(objectRef(o)));
  // Objects of kinds the product cannot write (other implementations' policies) go out as files.
  const objects = all.filter((o) => descriptorFor(o.apiVersion, o.kind));
  const asFiles = all.filter((o) => !descriptorFor(o.apiVersion, o.kind)).map(objectRef);
  const gateways = objects
    .filter((o) => o.kind === 'Gateway')
    .map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
  const today = ingresses
    .map(
      (i) => `${i.metadata.name} (${hostsOf(i).join(', ') || 'any host'}) is served at ${currentAddress(i)}`,
    )
    .join('; ');
  const errors = r.warnings.filter((w) => refs.has(w.resource) && w.severity === 'error').length;
  const description = [
    `Apply the Gateway API form of ${ingresses.length} Ingress(es) for ${TARGET_LABEL[target]} (class ${gatewayClassName}): ${objects.length} object(s), Gateway(s) ${gateways.join(', ') || 'none'}.`,
    `Address change: today ${today}. Each new Gateway gets its own Service and address (status.addresses once programmed): point DNS for these hosts at it, then clean-up deletes the Ingresses after verify.`,
    errors ? `${errors} Ingress setting(s) cannot be carried: read the Routes page findings first.` : '',
    asFiles.length
      ? `Apply these from the Routes page YAML bundle (kinds not written from here): ${asFiles.join(', ')}.`
      : '',
  ]
    .filter(Boolean)
    .join(' ');
  const ready = all.length > 0 && objects.every((o) => exists(resources, o));
  const deletes: PlannedDelete[] = ready
    ? ingresses.map((i) => ({
        apiVersion: i.apiVersion,
        kind: 'Ingress',
        namespace: ns,
        name: i.metadata.name,
        reason: `served by Gateway ${gateways.join(', ')} now; its address differs from ${currentAddress(i)}, so DNS must point at the Gateway first`,
      }))
    : [];
  const body: Partial<Omit<Step, 'id' | 'title' | 'skipped' | 'reason'>> & { description: string } = {
    description,
    objects,
  };
  return {
    body,
    skip: objects.length === 0 ? 'the Ingresses convert to nothing (see findings)' : undefined,
    deletes,
  };
}
