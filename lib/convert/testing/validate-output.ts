import type { KubeObject } from '../../k8s/objects';
import { arr, DNS_LABEL, DNS_SUBDOMAIN, HOSTNAME, rec } from './validate-common';
import { validateRouteSpec } from './validate-route';

/**
 * Checks generated objects against the limits, patterns and CEL rules of the Gateway API v1.6.1
 * CRDs (standard and experimental) and core Service validation, so unit tests catch what the API
 * server would reject. Returns one message per problem.
 */

const GROUP = /^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const KIND = /^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;

type Rec = Record<string, unknown>;

function validateGateway(spec: Rec, err: (m: string) => void): void {
  if (typeof spec.gatewayClassName !== 'string' || !spec.gatewayClassName) err('gatewayClassName missing');
  const ls = arr(spec.listeners);
  if (ls.length < 1 || ls.length > 64) err(`listeners: ${ls.length}`);
  const names = new Set<string>();
  const combos = new Set<string>();
  for (const l of ls) {
    const name = String(l.name);
    // The schema allows a subdomain; the converter promises a DNS label.
    if (!DNS_LABEL.test(name) || name.length > 63) err(`listener name ${name}`);
    if (names.has(name)) err(`listener name ${name} repeated`);
    names.add(name);
    const combo = `${l.port}/${l.protocol}/${l.hostname ?? ''}`;
    if (combos.has(combo)) err(`listener ${combo} repeated`);
    combos.add(combo);
    if (typeof l.port !== 'number' || l.port < 1 || l.port > 65535) err(`listener port ${l.port}`);
    if (l.hostname !== undefined && !HOSTNAME.test(String(l.hostname)))
      err(`listener hostname ${l.hostname}`);
    const proto = String(l.protocol);
    const tls = l.tls === undefined ? undefined : rec(l.tls);
    if (['HTTP', 'TCP', 'UDP'].includes(proto) && tls) err(`tls on ${proto} listener ${name}`);
    if (proto === 'HTTPS' && tls && tls.mode !== undefined && tls.mode !== 'Terminate')
      err(`HTTPS listener ${name} not Terminate`);
    if (proto === 'TLS' && !tls?.mode) err(`TLS listener ${name} without mode`);
    if (['TCP', 'UDP'].includes(proto) && l.hostname) err(`hostname on ${proto} listener ${name}`);
    if (tls && (tls.mode ?? 'Terminate') === 'Terminate' && arr(tls.certificateRefs).length === 0)
      err(`listener ${name}: Terminate without certificateRefs`);
    const ns = rec(rec(l.allowedRoutes).namespaces);
    if (ns.from !== undefined && !['All', 'Same', 'Selector'].includes(String(ns.from)))
      err(`allowedRoutes.from ${ns.from}`);
    if (ns.from === 'Selector' && !ns.selector) err('Selector without selector');
  }
  const front = rec(rec(spec.tls).frontend);
  if (spec.tls !== undefined && front.default === undefined) err('tls.frontend.default missing');
  const ports = new Set<number>();
  for (const p of arr(front.perPort)) {
    if (ports.has(Number(p.port))) err(`perPort ${p.port} repeated`);
    ports.add(Number(p.port));
    const refs = arr(rec(rec(p.tls).validation).caCertificateRefs);
    if (refs.length < 1 || refs.length > 16) err('caCertificateRefs count');
    for (const r of refs)
      if (typeof r.group !== 'string' || typeof r.kind !== 'string' || !r.name)
        err('caCertificateRef fields');
  }
}

function validateGrant(spec: Rec, err: (m: string) => void): void {
  const from = arr(spec.from);
  const to = arr(spec.to);
  if (from.length < 1 || from.length > 16) err(`from: ${from.length}`);
  if (to.length < 1 || to.length > 16) err(`to: ${to.length}`);
  for (const f of from) {
    if (
      typeof f.group !== 'string' ||
      !GROUP.test(f.group) ||
      !KIND.test(String(f.kind)) ||
      !DNS_LABEL.test(String(f.namespace))
    )
      err(`from ${JSON.stringify(f)}`);
  }
  for (const t of to)
    if (typeof t.group !== 'string' || !KIND.test(String(t.kind))) err(`to ${JSON.stringify(t)}`);
}

function validateService(spec: Rec, err: (m: string) => void): void {
  const ports = arr(spec.ports);
  if (ports.length === 0) err('Service without ports');
  const names = new Set<string>();
  for (const p of ports) {
    if (ports.length > 1 && !p.name) err('multi-port Service needs port names');
    if (p.name !== undefined) {
      if (names.has(String(p.name))) err(`port name ${p.name} repeated`);
      names.add(String(p.name));
    }
  }
  if (Object.keys(rec(spec.selector)).length === 0) err('Service without selector');
}

/** Problems of one generated object; empty when it would pass the API server's validation. */
export function validateOutput(obj: KubeObject): string[] {
  const out: string[] = [];
  const err = (m: string) => out.push(`${obj.kind}/${obj.metadata.namespace}/${obj.metadata.name}: ${m}`);
  const name = obj.metadata.name;
  if (obj.kind === 'Service') {
    if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 63) err('name is not a DNS-1035 label');
  } else if (!DNS_SUBDOMAIN.test(name) || name.length > 253) err('name is not a DNS subdomain');
  if (!obj.metadata.namespace || !DNS_LABEL.test(obj.metadata.namespace)) err('namespace');
  const spec = rec(obj.spec);
  switch (obj.kind) {
    case 'Gateway':
      validateGateway(spec, err);
      break;
    case 'ReferenceGrant':
      validateGrant(spec, err);
      break;
    case 'Service':
      validateService(spec, err);
      break;
    case 'HTTPRoute':
    case 'GRPCRoute':
    case 'TLSRoute':
    case 'TCPRoute':
      validateRouteSpec(obj.kind, spec, err);
      break;
    default:
      err('unexpected kind');
  }
  return out;
}
