import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../k8s/objects';
import type { ConvertInput } from '../types';
import { createRng, type Rng } from './prng';
import { type GenHints, generate, type JsonSchema } from './schema-gen';
import { valueHint } from './value-pools';

/** Spec schemas of the Istio kinds the generator fills, taken from the Istio CRD bundle. */
export interface IstioSchemas {
  VirtualService: JsonSchema;
  Gateway: JsonSchema;
}

/** Reads the v1 spec schemas of VirtualService and Gateway from `crd-all.gen.yaml` text. */
export function istioSchemasFromCrdYaml(text: string): IstioSchemas {
  const found: Partial<IstioSchemas> = {};
  for (const doc of parseAllDocuments(text)) {
    const crd = doc.toJS() as {
      kind?: string;
      spec?: {
        group?: string;
        names?: { kind?: string };
        versions?: { name: string; schema?: { openAPIV3Schema?: JsonSchema } }[];
      };
    } | null;
    const kind = crd?.spec?.names?.kind;
    if (crd?.kind !== 'CustomResourceDefinition' || crd.spec?.group !== 'networking.istio.io') continue;
    if (kind !== 'VirtualService' && kind !== 'Gateway') continue;
    const spec = crd.spec.versions?.find((v) => v.name === 'v1')?.schema?.openAPIV3Schema?.properties?.spec;
    if (spec) found[kind] = spec;
  }
  if (!found.VirtualService || !found.Gateway)
    throw new Error('VirtualService or Gateway CRD (v1) not found');
  return found as IstioSchemas;
}

/** The Services, subsets and gateways a random VirtualService can refer to. */
export interface World {
  namespaces: string[];
  hosts: string[];
  gateways: string[];
  subsets: string[];
  ports: number[];
}

const SERVICE_NAMES = [
  'productpage',
  'reviews',
  'ratings',
  'details',
  'catalog',
  'echo-grpc',
  'db',
  'payments',
];
const NAMESPACES = ['bookinfo', 'shop', 'edge'];
const API = 'networking.istio.io/v1';

function service(name: string, ns: string, rng: Rng): KubeObject {
  const ports: Record<string, unknown>[] =
    name === 'echo-grpc'
      ? [{ name: 'grpc', port: 9000, ...(rng.chance(0.5) ? { appProtocol: 'grpc' } : {}) }]
      : name === 'db'
        ? [{ name: 'tcp-postgres', port: 5432 }]
        : name === 'payments'
          ? [{ name: 'tls', port: 8443 }]
          : [{ name: 'http', port: 9080 }];
  if (rng.chance(0.25)) ports.push({ name: 'metrics', port: 15090, targetPort: 'metrics' });
  const spec: Record<string, unknown> = { ports };
  if (rng.chance(0.9)) spec.selector = { app: name };
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec };
}

function destinationRule(svc: string, ns: string, rng: Rng): KubeObject {
  const subsets = ['v1', 'v2', 'v3'].slice(0, rng.int(1, 3)).map((v) => ({
    name: v,
    labels: { version: v },
    ...(rng.chance(0.2) ? { trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' } } } : {}),
  }));
  const spec: Record<string, unknown> = {
    host: rng.chance(0.5) ? svc : `${svc}.${ns}.svc.cluster.local`,
    subsets,
  };
  if (rng.chance(0.3)) spec.trafficPolicy = { connectionPool: { tcp: { maxConnections: 10 } } };
  return { apiVersion: API, kind: 'DestinationRule', metadata: { name: svc, namespace: ns }, spec };
}

function hints(world: World, kind: 'VirtualService' | 'Gateway'): GenHints {
  return {
    value: (path, rng) => valueHint(kind, path, rng, world),
    include: (path) => {
      if (kind === 'Gateway') {
        if (
          /^servers(\[\]\.port)?$/.test(path) ||
          path === 'servers[].hosts' ||
          path.endsWith('port.number') ||
          path.endsWith('port.protocol') ||
          path.endsWith('port.name')
        )
          return 1;
        if (path === 'servers[].tls') return 0.5;
        if (path === 'servers[].tls.mode' || path === 'servers[].tls.credentialName') return 0.8;
        return 0.08;
      }
      if (
        path === 'http' ||
        /\.(route|destination|host)$/.test(path) ||
        path === 'tls[].match' ||
        path === 'tls[].match[].sniHosts'
      )
        return 1;
      if (path === 'http[].match') return 0.75;
      if (path === 'tls' || path === 'tcp') return 0.25;
      if (/\.(uri|headers|port)$/.test(path)) return 0.35;
      if (/^http\[\]\.(redirect|directResponse|delegate)$/.test(path)) return 0.04;
      return 0.1;
    },
    count: (path, rng) => {
      if (path === 'http[]') return rng.chance(0.1) ? rng.int(17, 22) : rng.int(1, 5);
      if (path === 'servers[]') return rng.int(1, 4);
      if (/(match|route|sniHosts|hosts)\[\]$/.test(path)) return rng.int(1, 3);
      return rng.int(0, 2);
    },
    mapKeys: (path, rng) => {
      if (/headers\{\}$/.test(path) && /match/.test(path))
        return rng.some(['end-user', 'x-canary', 'X-Version', ':authority', 'bad header'], rng.int(1, 2));
      if (/(set|add)\{\}$/.test(path))
        return rng.some(['x-added', 'X-Env', 'bad header', ':path'], rng.int(1, 2));
      if (/queryParams\{\}$/.test(path)) return rng.some(['debug', 'v', 'q'], rng.int(1, 2));
      if (/sourceLabels\{\}$/.test(path)) return ['app'];
      if (/selector\{\}$/.test(path)) return ['istio'];
      return rng.some(['k1', 'k2'], rng.int(1, 2));
    },
  };
}

/**
 * Most TLS matches name SNI hosts among the VirtualService hosts, as written (Istio's validation
 * requires each to be within a host, compared as written); the rest keep what the schema drew.
 */
function sniWithinHosts(spec: Record<string, unknown>, rng: Rng): void {
  const hosts = spec.hosts as string[];
  if (!Array.isArray(spec.tls)) return;
  for (const rule of spec.tls as { match?: { sniHosts?: string[] }[] }[]) {
    for (const m of rule?.match ?? []) {
      if (m && typeof m === 'object' && rng.chance(0.7))
        m.sniHosts = rng.some(hosts, rng.int(1, hosts.length));
    }
  }
}

/**
 * A random, reproducible input: Services, DestinationRules with subsets, ServiceEntries, Istio
 * Gateways and VirtualServices whose fields come from the Istio CRD schemas (every field can occur,
 * including deprecated and invalid-but-admitted values), referring to each other.
 */
export function randomConvertInput(seed: number, schemas: IstioSchemas): ConvertInput {
  const rng = createRng(seed);
  const namespaces = rng.some(NAMESPACES, rng.int(1, 3));
  const services: KubeObject[] = [];
  const destinationrules: KubeObject[] = [];
  for (const ns of namespaces) {
    for (const name of rng.some(SERVICE_NAMES, rng.int(2, 5))) {
      services.push(service(name, ns, rng));
      if (rng.chance(0.6)) destinationrules.push(destinationRule(name, ns, rng));
    }
  }
  const serviceentries: KubeObject[] = rng.chance(0.5)
    ? [
        {
          apiVersion: API,
          kind: 'ServiceEntry',
          metadata: { name: 'external-api', namespace: namespaces[0] ?? 'default' },
          spec: {
            hosts: ['api.example.com'],
            ports: [{ number: 443, name: 'tls', protocol: 'TLS' }],
            resolution: 'DNS',
          },
        },
      ]
    : [];
  const gatewayRefs = Array.from({ length: rng.int(0, 2) }, (_, i) => `${rng.pick(namespaces)}/gw-${i}`);
  const hosts = services.flatMap((s) => [
    s.metadata.name,
    `${s.metadata.name}.${s.metadata.namespace}.svc.cluster.local`,
  ]);
  const world: World = {
    namespaces,
    hosts: [...hosts, 'api.example.com', 'unknown.example.org'],
    gateways: gatewayRefs,
    subsets: ['v1', 'v2', 'v3', 'missing'],
    ports: [9080, 9000, 5432, 8443, 15090, 443, 80],
  };
  const istiogateways = gatewayRefs.map((ref) => {
    const [ns = 'default', name = 'gw'] = ref.split('/');
    const spec = generate(schemas.Gateway, '', rng, hints(world, 'Gateway')) as Record<string, unknown>;
    spec.selector = { istio: 'ingressgateway' };
    return {
      apiVersion: rng.pick([API, 'networking.istio.io/v1beta1']),
      kind: 'Gateway',
      metadata: { name, namespace: ns },
      spec,
    };
  });
  const virtualservices = Array.from({ length: rng.int(1, 4) }, (_, i) => {
    const ns = rng.pick(namespaces);
    const spec = generate(schemas.VirtualService, '', rng, hints(world, 'VirtualService')) as Record<
      string,
      unknown
    >;
    const local = services.filter((s) => s.metadata.namespace === ns).map((s) => s.metadata.name);
    spec.hosts = rng.some(
      [...local, ...world.hosts, 'bookinfo.example.com', '*.example.com', '*'],
      rng.int(1, 3),
    );
    sniWithinHosts(spec, rng);
    const gw = rng.int(0, 3);
    if (gw === 1) spec.gateways = ['mesh'];
    else if (gw === 2 && gatewayRefs.length)
      spec.gateways = rng
        .some(gatewayRefs, rng.int(1, gatewayRefs.length))
        .map((r) => (r.startsWith(`${ns}/`) ? r.slice(ns.length + 1) : r));
    else if (gw === 3 && gatewayRefs.length) spec.gateways = [...gatewayRefs, 'mesh'];
    else delete spec.gateways;
    return {
      apiVersion: rng.pick([API, 'networking.istio.io/v1beta1', 'networking.istio.io/v1alpha3']),
      kind: 'VirtualService',
      metadata: { name: `vs-${i}`, namespace: ns },
      spec,
    };
  });
  const pods: KubeObject[] = rng.chance(0.5)
    ? [
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: 'istio-ingressgateway-0',
            namespace: 'istio-system',
            labels: { istio: 'ingressgateway' },
          },
        },
      ]
    : [];
  return { services, destinationrules, serviceentries, istiogateways, virtualservices, pods };
}
