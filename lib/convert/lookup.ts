import { type KubeObject, selectorMatches } from '../k8s/objects';
import { readVirtualService } from '../model/istio/read';
import { readDestinationRule, readGateway, readServiceEntry } from '../model/istio/read-resources';
import type {
  DestinationRuleSpec,
  IstioGatewaySpec,
  ServiceEntrySpec,
  VirtualServiceSpec,
} from '../model/istio/spec';
import { isRecord } from '../model/read-helpers';
import { type ConvertInput, type ConvertOptions, type ResolvedOptions, resolveOptions } from './types';

export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
  appProtocol?: string;
}

export interface ServiceInfo {
  obj: KubeObject;
  namespace: string;
  name: string;
  selector?: Record<string, string>;
  ports: ServicePort[];
}

export interface Parsed<Spec> {
  obj: KubeObject;
  namespace: string;
  name: string;
  spec: Spec;
}

/** Indexes over a {@link ConvertInput}, built once and shared by every conversion of that input. */
export interface ConvertLookup {
  readonly kind: 'convert-lookup';
  /** The input the indexes were built from. */
  input: ConvertInput;
  opts: ResolvedOptions;
  services: Map<string, ServiceInfo>;
  destinationRules: Parsed<DestinationRuleSpec>[];
  serviceEntries: Parsed<ServiceEntrySpec>[];
  gateways: Map<string, Parsed<IstioGatewaySpec>>;
  virtualServices: Parsed<VirtualServiceSpec>[];
  /**
   * Pods and Deployments (by their pod template's labels) an Istio Gateway's selector matches (an
   * empty selector matches none). A workload is the same object while it is unchanged.
   */
  selectWorkloads: (selector: Record<string, string> | undefined) => readonly Workload[];
  /** Istio Gateway `ns/name` to the VirtualServices bound to it. */
  bindings: Map<string, Parsed<VirtualServiceSpec>[]>;
  /** Per-lookup memo of derived plans (pure: same input, same value). */
  memo: Map<string, unknown>;
}

/** The labels by which an Istio Gateway's selector finds a pod or a Deployment's pods. */
export interface Workload {
  namespace: string;
  labels: Record<string, string>;
}

const ISTIO_GROUP = 'networking.istio.io/';

function isIstio(o: KubeObject, kind: string): boolean {
  return o.kind === kind && typeof o.apiVersion === 'string' && o.apiVersion.startsWith(ISTIO_GROUP);
}

function nsOf(o: KubeObject): string {
  return o.metadata.namespace || 'default';
}

function byRef<T extends { namespace: string; name: string }>(a: T, b: T): number {
  return a.namespace === b.namespace
    ? a.name < b.name
      ? -1
      : a.name > b.name
        ? 1
        : 0
    : a.namespace < b.namespace
      ? -1
      : 1;
}

function parse<Spec>(
  objs: KubeObject[] | undefined,
  kind: string,
  read: (s: unknown) => Spec,
): Parsed<Spec>[] {
  return (objs ?? [])
    .filter((o) => isIstio(o, kind))
    .map((obj) => ({ obj, namespace: nsOf(obj), name: obj.metadata.name, spec: read(obj.spec) }))
    .sort(byRef);
}

function readPorts(spec: Record<string, unknown>): ServicePort[] {
  if (!Array.isArray(spec.ports)) return [];
  const out: ServicePort[] = [];
  for (const p of spec.ports) {
    if (!isRecord(p) || typeof p.port !== 'number') continue;
    const port: ServicePort = { port: p.port };
    if (typeof p.name === 'string') port.name = p.name;
    if (typeof p.targetPort === 'number' || typeof p.targetPort === 'string') port.targetPort = p.targetPort;
    if (typeof p.protocol === 'string') port.protocol = p.protocol;
    if (typeof p.appProtocol === 'string') port.appProtocol = p.appProtocol;
    out.push(port);
  }
  return out;
}

function stringRecord(v: unknown): Record<string, string> | undefined {
  if (!isRecord(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

/** `ns/name` of the Istio Gateway a VirtualService `gateways` entry names; `mesh` stays `mesh`. */
export function gatewayKey(ref: string, vsNamespace: string): string {
  if (ref === 'mesh') return 'mesh';
  const i = ref.indexOf('/');
  return i < 0 ? `${vsNamespace}/${ref}` : ref;
}

function sameOptions(a: ResolvedOptions, b: ResolvedOptions): boolean {
  return (
    a.gatewayClassName === b.gatewayClassName &&
    a.channel === b.channel &&
    a.clusterDomain === b.clusterDomain
  );
}

/** Builds the indexes; a lookup passed in is reused unless `opts` asks for other options. */
export function buildLookup(input: ConvertInput | ConvertLookup, opts?: ConvertOptions): ConvertLookup {
  if ('kind' in input && input.kind === 'convert-lookup') {
    const lookup = input as ConvertLookup;
    return opts === undefined || sameOptions(lookup.opts, resolveOptions(opts))
      ? lookup
      : buildLookup(lookup.input, opts);
  }
  const src = input as ConvertInput;
  const services = new Map<string, ServiceInfo>();
  for (const obj of src.services ?? []) {
    if (obj.kind !== 'Service' || obj.apiVersion !== 'v1') continue;
    const spec = isRecord(obj.spec) ? obj.spec : {};
    const info: ServiceInfo = { obj, namespace: nsOf(obj), name: obj.metadata.name, ports: readPorts(spec) };
    const selector = stringRecord(spec.selector);
    if (selector && Object.keys(selector).length > 0) info.selector = selector;
    services.set(`${info.namespace}/${info.name}`, info);
  }
  const gateways = new Map(
    parse(src.istiogateways, 'Gateway', readGateway).map((g) => [`${g.namespace}/${g.name}`, g]),
  );
  const virtualServices = parse(src.virtualservices, 'VirtualService', readVirtualService);
  const bindings = new Map<string, Parsed<VirtualServiceSpec>[]>();
  for (const vs of virtualServices) {
    for (const ref of new Set((vs.spec.gateways ?? []).map((g) => gatewayKey(g, vs.namespace)))) {
      if (ref === 'mesh') continue;
      const list = bindings.get(ref) ?? [];
      list.push(vs);
      bindings.set(ref, list);
    }
  }
  return {
    kind: 'convert-lookup',
    input: src,
    opts: resolveOptions(opts),
    services,
    destinationRules: parse(src.destinationrules, 'DestinationRule', readDestinationRule),
    serviceEntries: parse(src.serviceentries, 'ServiceEntry', readServiceEntry),
    gateways,
    virtualServices,
    selectWorkloads: selectFrom(workloadsOf(src)),
    bindings,
    memo: new Map(),
  };
}

/** The workload of a pod or a Deployment (its pod template's labels). */
export function workloadOf(o: KubeObject): Workload {
  if (o.kind !== 'Deployment') return { namespace: nsOf(o), labels: o.metadata.labels ?? {} };
  const tmpl = isRecord(o.spec) && isRecord(o.spec.template) ? o.spec.template : undefined;
  const meta = tmpl && isRecord(tmpl.metadata) ? tmpl.metadata : undefined;
  return { namespace: nsOf(o), labels: stringRecord(meta?.labels) ?? {} };
}

function workloadsOf(src: ConvertInput): Workload[] {
  return [...(src.pods ?? []), ...(src.deployments ?? [])].map(workloadOf);
}

/** A selector query that filters `workloads`. */
export function selectFrom(workloads: readonly Workload[]): ConvertLookup['selectWorkloads'] {
  return (selector) => workloads.filter((w) => selectorMatches(selector, w.labels));
}

/**
 * `lookup` over an input whose pods and Deployments changed and nothing else it reads: the parsed
 * objects, their indexes and the memo are kept; workloads are selected by `selectWorkloads`.
 */
export function withWorkloads(
  lookup: ConvertLookup,
  src: ConvertInput,
  selectWorkloads: ConvertLookup['selectWorkloads'],
): ConvertLookup {
  return { ...lookup, input: src, selectWorkloads };
}

/** Memoises `make()` under `key` in the lookup (pure: same input, same value). */
export function memo<T>(lookup: ConvertLookup, key: string, make: () => T): T {
  if (lookup.memo.has(key)) return lookup.memo.get(key) as T;
  const v = make();
  lookup.memo.set(key, v);
  return v;
}
