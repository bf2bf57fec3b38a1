import { stringify } from 'yaml';
import { type ConversionResult, type ConvertInput, convertAll, convertVirtualService } from '@/lib/convert';
import type { RuleMapping } from '@/lib/convert/types';
import type { KubeObject } from '@/lib/k8s/objects';
import { labelSelectorMatches } from '@/lib/mesh/selector';
import type { JudgeProxy, JudgeSide } from './judge';
import { tlsSecrets } from './secrets';
import { clusterIpOf } from './vips';

/**
 * One input of the fidelity check: Istio objects, what the converter makes of them, and the two
 * sides istiod translates (Istio objects; converted Gateway API objects), each with the proxies
 * that carry the traffic.
 */
export interface FidelityCase {
  id: string;
  group: string;
  input: ConvertInput;
  conversion: ConversionResult;
  /** Where each VirtualService's rules went (`VirtualService/ns/name` to its rule map). */
  ruleMaps: Map<string, RuleMapping[]>;
  /** Every object either side holds, to resolve Envoy clusters to the pods they reach. */
  world: World;
  sides: [JudgeSide, JudgeSide];
}

export interface World {
  services: KubeObject[];
  serviceEntries: KubeObject[];
  destinationRules: KubeObject[];
  pods: KubeObject[];
  /** Services the converter generated (per-subset Services), `ns/name`. */
  generated: Set<string>;
}

export const refOf = (o: KubeObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

const VERSIONS = ['v1', 'v2', 'v3'];

/** Three pods (versions v1..v3) behind every Service with a selector, so destinations resolve to pods. */
function podsFor(services: readonly KubeObject[], ip: () => string): KubeObject[] {
  const pods: KubeObject[] = [];
  const seen = new Set<string>();
  for (const svc of services) {
    const selector = (svc.spec as { selector?: Record<string, string> } | undefined)?.selector;
    if (!selector || Object.keys(selector).length === 0) continue;
    const base =
      Object.values(selector)
        .join('-')
        .replace(/[^a-z0-9-]/g, '') || 'pod';
    for (const v of VERSIONS) {
      const name = `${base}-${v}`.slice(0, 60);
      const key = `${svc.metadata.namespace}/${name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      pods.push(pod(name, svc.metadata.namespace ?? 'default', { ...selector, version: v }, ip()));
    }
  }
  return pods;
}

function pod(name: string, namespace: string, labels: Record<string, string>, podIP: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: { containers: [{ name: 'app', image: 'app' }], nodeName: 'node-1' },
    status: {
      phase: 'Running',
      podIP,
      podIPs: [{ ip: podIP }],
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
}

function namespace(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
  };
}

const GATEWAY_CLASS: KubeObject = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'GatewayClass',
  metadata: { name: 'istio' },
  spec: { controllerName: 'istio.io/gateway-controller' },
};

/**
 * The Service and pod istiod's deployment controller creates for a Gateway API Gateway of class
 * `istio` (`<name>-istio`, selecting `gateway.networking.k8s.io/gateway-name`), so a router proxy
 * with that pod's address is the Gateway's proxy.
 */
function gatewayWorkload(gw: KubeObject, ip: string): { objects: KubeObject[]; proxy: JudgeProxy } {
  const ns = gw.metadata.namespace ?? 'default';
  const labels = { 'gateway.networking.k8s.io/gateway-name': gw.metadata.name };
  const listeners = ((gw.spec as { listeners?: { port: number }[] }).listeners ?? []).map((l) => l.port);
  const ports = [...new Set(listeners)].map((port) => ({ name: `p${port}`, port, targetPort: port }));
  const name = `${gw.metadata.name}-istio`.slice(0, 63);
  const service: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns, labels },
    spec: { selector: labels, ports: ports.length ? ports : [{ name: 'p80', port: 80 }] },
  };
  return {
    objects: [service, pod(`${name}-0`.slice(0, 63), ns, labels, ip)],
    proxy: { name: `gateway/${ns}/${gw.metadata.name}`, type: 'router', namespace: ns, ip, labels },
  };
}

/** What the API server defaults in a Service and istiod's fake Kubernetes client does not: targetPort, clusterIP. */
function defaulted(o: KubeObject): KubeObject {
  const spec = o.spec as { ports?: { port: number; targetPort?: unknown }[]; clusterIP?: string } | undefined;
  const ports = spec?.ports;
  if (o.kind !== 'Service' || !Array.isArray(ports)) return o;
  const clusterIP = spec?.clusterIP ?? clusterIpOf(o.metadata.namespace ?? 'default', o.metadata.name);
  return {
    ...o,
    spec: { ...o.spec, clusterIP, ports: ports.map((p) => ({ ...p, targetPort: p.targetPort ?? p.port })) },
  };
}

function yamlOf(objects: readonly KubeObject[]): string {
  return objects.map((o) => stringify(defaulted(o), { lineWidth: 0 })).join('\n---\n');
}

/** The Istio side names every rule `mm-r<i>` so each Envoy route says which rule it came from. */
export const ISTIO_RULE_PREFIX = 'mm-r';

function labelledRules(vs: KubeObject): KubeObject {
  const spec = structuredClone(vs.spec ?? {}) as { http?: unknown };
  if (Array.isArray(spec.http))
    spec.http = spec.http.map((r, i) =>
      r && typeof r === 'object' ? { ...r, name: `${ISTIO_RULE_PREFIX}${i}` } : r,
    );
  return { ...vs, spec: spec as Record<string, unknown> };
}

/** Rule names are dropped on the Gateway API side so Istio names routes `<ns>.<route>.<rule index>`. */
function unnamedRules(route: KubeObject): KubeObject {
  const spec = structuredClone(route.spec ?? {}) as { rules?: Record<string, unknown>[] };
  if (Array.isArray(spec.rules))
    for (const r of spec.rules) {
      if (r && typeof r === 'object') delete r.name;
    }
  return { ...route, spec: spec as Record<string, unknown> };
}

const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute']);

/**
 * The API server serves ReferenceGrant at v1 and v1beta1 alike; istiod watches v1beta1, and its fake
 * Kubernetes client converts no versions: the harness hands it the version it watches.
 */
function asWatched(o: KubeObject): KubeObject {
  return o.kind === 'ReferenceGrant' && o.apiVersion === 'gateway.networking.k8s.io/v1'
    ? { ...o, apiVersion: 'gateway.networking.k8s.io/v1beta1' }
    : o;
}

/** Builds a case from a converter input: converts it and lays out both sides and their proxies. */
export function buildCase(id: string, group: string, input: ConvertInput, caseIndex: number): FidelityCase {
  let next = 10;
  const ip = () => {
    next++;
    return `10.${(caseIndex >> 8) & 255}.${caseIndex & 255}.${next}`;
  };
  const conversion = convertAll(input);
  const ruleMaps = new Map<string, RuleMapping[]>();
  for (const vs of input.virtualservices ?? [])
    ruleMaps.set(refOf(vs), convertVirtualService(vs, input).ruleMap);
  const generated = conversion.resources.filter((o) => o.kind === 'Service');
  const services = [...(input.services ?? [])];
  const given = (input.pods ?? []).map((p) =>
    (p.status as { podIP?: string } | undefined)?.podIP
      ? p
      : { ...p, status: { ...(p.status ?? {}), podIP: ip() } },
  );
  const unbacked = services.filter((s) => {
    const sel = (s.spec as { selector?: Record<string, string> } | undefined)?.selector;
    return !given.some(
      (p) =>
        p.metadata.namespace === s.metadata.namespace &&
        sel &&
        labelSelectorMatches({ matchLabels: sel }, p.metadata.labels),
    );
  });
  const pods = [...given, ...podsFor(unbacked, ip)];
  const namespaces = new Set<string>();
  for (const o of [
    ...services,
    ...(input.virtualservices ?? []),
    ...(input.istiogateways ?? []),
    ...(input.destinationrules ?? []),
    ...(input.serviceentries ?? []),
    ...conversion.resources,
  ])
    namespaces.add(o.metadata.namespace ?? 'default');
  namespaces.add('istio-system');
  const base = [
    ...[...namespaces].sort().map(namespace),
    ...tlsSecrets(
      input.istiogateways ?? [],
      conversion.resources.filter((o) => o.kind === 'Gateway'),
    ),
    ...services,
    ...pods,
    ...(input.destinationrules ?? []),
    ...(input.serviceentries ?? []),
  ];
  const clients: JudgeProxy[] = [...namespaces]
    .filter((n) => n !== 'istio-system')
    .sort()
    .map((n) => ({ name: `client/${n}`, type: 'sidecar', namespace: n, ip: ip() }));

  const selectors = new Map<string, Record<string, string>>();
  for (const gw of input.istiogateways ?? []) {
    const sel = (gw.spec as { selector?: Record<string, string> } | undefined)?.selector ?? {};
    selectors.set(JSON.stringify(sel), sel);
  }
  const routers: JudgeProxy[] = [...selectors.values()].map((labels) => ({
    name: `ingress/${Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(',')}`,
    type: 'router',
    namespace: 'istio-system',
    ip: ip(),
    labels,
  }));
  const istio: JudgeSide = {
    name: 'istio',
    yaml: yamlOf([
      ...base,
      ...(input.istiogateways ?? []),
      ...(input.virtualservices ?? []).map(labelledRules),
    ]),
    proxies: [...clients, ...routers],
  };

  const gwObjects: KubeObject[] = [];
  const gwProxies: JudgeProxy[] = [];
  for (const gw of conversion.resources.filter((o) => o.kind === 'Gateway')) {
    const w = gatewayWorkload(gw, ip());
    gwObjects.push(...w.objects);
    gwProxies.push(w.proxy);
  }
  const gateway: JudgeSide = {
    name: 'gateway-api',
    yaml: yamlOf([
      ...base,
      GATEWAY_CLASS,
      ...gwObjects,
      ...conversion.resources.map((o) => (ROUTE_KINDS.has(o.kind) ? unnamedRules(o) : asWatched(o))),
    ]),
    proxies: [...clients, ...gwProxies],
  };
  return {
    id,
    group,
    input,
    conversion,
    ruleMaps,
    world: {
      services: [...services, ...generated],
      serviceEntries: input.serviceentries ?? [],
      destinationRules: input.destinationrules ?? [],
      pods,
      // Per-subset Services, and the Services istiod's deployment controller makes for Gateways.
      generated: new Set(
        [...generated, ...gwObjects.filter((o) => o.kind === 'Service')].map(
          (s) => `${s.metadata.namespace}/${s.metadata.name}`,
        ),
      ),
    },
    sides: [istio, gateway],
  };
}
