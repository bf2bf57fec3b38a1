import type { KubeObject } from '@/lib/k8s/objects';
import { labelSelectorMatches } from '@/lib/mesh/selector';
import type { World } from './corpus';

const FQDN = /^([^.]+)\.([^.]+)\.svc\.cluster\.local$/;

function selectorOf(svc: KubeObject): Record<string, string> | undefined {
  const sel = (svc.spec as { selector?: Record<string, string> } | undefined)?.selector;
  return sel && Object.keys(sel).length ? sel : undefined;
}

function servicePort(
  svc: KubeObject,
  port: number,
): { port: number; targetPort?: number | string } | undefined {
  const ports = (svc.spec as { ports?: { port: number; targetPort?: number | string }[] } | undefined)?.ports;
  return ports?.find((x) => x.port === port);
}

/** The Kubernetes Service a `name.ns.svc.cluster.local` host names, if the world holds it. */
export function serviceOf(world: World, host: string): KubeObject | undefined {
  const m = FQDN.exec(host);
  return m
    ? world.services.find((s) => s.metadata.name === m[1] && s.metadata.namespace === m[2])
    : undefined;
}

function subsetLabels(world: World, host: string, subset: string): Record<string, string> | undefined {
  const [, name = '', ns = ''] = FQDN.exec(host) ?? [];
  for (const dr of world.destinationRules) {
    const spec = dr.spec as { host?: string; subsets?: { name: string; labels?: Record<string, string> }[] };
    const drHost = spec.host?.includes('.')
      ? spec.host
      : `${spec.host}.${dr.metadata.namespace}.svc.cluster.local`;
    if (drHost !== host && !(spec.host === name && dr.metadata.namespace === ns)) continue;
    const s = spec.subsets?.find((x) => x.name === subset);
    if (s) return s.labels ?? {};
  }
  return undefined;
}

/**
 * Resolves an Envoy cluster (`outbound|port|subset|host`, a waypoint's `inbound-vip|...`) to what it reaches: the pods (and target
 * port) of a Service, optionally narrowed by a DestinationRule subset; a ServiceEntry host; or nothing.
 */
export function resolveCluster(world: World, cluster: string): string {
  const parts = cluster.split('|');
  if (parts.length !== 4 || (parts[0] !== 'outbound' && parts[0] !== 'inbound-vip')) return cluster;
  const [dir, portText = '', rawSubset = '', host = ''] = parts;
  // A waypoint's own Services: `inbound-vip|port|http[/subset]|host` reaches the same pods.
  const subset = dir === 'inbound-vip' ? rawSubset.replace(/^(?:http|tcp)\/?/, '') : rawSubset;
  const port = Number(portText);
  const svc = serviceOf(world, host);
  if (!svc) {
    const se = world.serviceEntries.some((e) =>
      ((e.spec as { hosts?: string[] }).hosts ?? []).includes(host),
    );
    return se ? `serviceentry ${host}:${port}${subset ? ` subset ${subset}` : ''}` : 'nothing';
  }
  // istiod makes no cluster for a port the Service does not have.
  const sp = servicePort(svc, port);
  if (!sp) return 'nothing';
  const selector = selectorOf(svc);
  if (!selector) return `service ${host}:${port} (no selector)`;
  let labels: Record<string, string> = selector;
  if (subset) {
    const extra = subsetLabels(world, host, subset);
    if (!extra) return 'nothing';
    labels = { ...selector, ...extra };
  }
  const pods = world.pods
    .filter(
      (p) =>
        p.metadata.namespace === svc.metadata.namespace &&
        labelSelectorMatches({ matchLabels: labels }, p.metadata.labels),
    )
    .map((p) => p.metadata.name)
    .sort();
  // No pods: the cluster exists without endpoints (503), which is not a missing cluster.
  return `pods ${svc.metadata.namespace}/{${pods.join(',')}}:${String(sp.targetPort ?? port)}`;
}
