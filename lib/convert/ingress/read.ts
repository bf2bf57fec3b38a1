import type { KubeObject } from '../../k8s/objects';
import { arr, num, rec, str } from '../../mesh/fields';

/** Which controller family serves an ingress class: decides path semantics and annotations read. */
export type IngressFlavor = 'nginx' | 'istio' | 'other';

export interface IngressBackend {
  service?: { name: string; port?: number; portName?: string };
  /** A `resource` backend (not a Service). */
  resource?: string;
}

export interface IngressPath {
  path: string;
  pathType: string;
  backend: IngressBackend;
  field: string;
}

export interface IngressRule {
  host?: string;
  paths: IngressPath[];
  field: string;
}

export interface IngressTls {
  hosts: string[];
  secretName?: string;
  field: string;
}

/** An Ingress read into plain typed fields. */
export interface IngressView {
  obj: KubeObject;
  name: string;
  namespace: string;
  /** `Ingress/namespace/name`. */
  ref: string;
  className?: string;
  /** Where the class came from: `spec.ingressClassName`, the legacy annotation, or the default class. */
  classField: string;
  annotations: Record<string, string>;
  rules: IngressRule[];
  tls: IngressTls[];
  defaultBackend?: IngressBackend;
}

export const LEGACY_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';

function backendOf(v: unknown): IngressBackend {
  const b = rec(v);
  const svc = rec(b?.service);
  const out: IngressBackend = {};
  const name = str(svc?.name);
  if (name) {
    const port = rec(svc?.port);
    const s: NonNullable<IngressBackend['service']> = { name };
    const number = num(port?.number);
    const portName = str(port?.name);
    if (number !== undefined) s.port = number;
    if (portName) s.portName = portName;
    out.service = s;
  }
  const res = rec(b?.resource);
  if (res) out.resource = `${str(res.kind) ?? 'resource'}/${str(res.name) ?? ''}`;
  return out;
}

/** The default IngressClass of the cluster, if exactly one is marked. */
export function defaultIngressClass(classes: KubeObject[]): string | undefined {
  const marked = classes.filter((c) => c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true');
  return marked.length === 1 ? marked[0]?.metadata.name : undefined;
}

/** Reads an Ingress; `defaultClass` applies when it names no class. */
export function readIngress(obj: KubeObject, defaultClass: string | undefined): IngressView {
  const spec = rec(obj.spec) ?? {};
  const annotations = obj.metadata.annotations ?? {};
  const namespace = obj.metadata.namespace || 'default';
  const byField = str(spec.ingressClassName);
  const byAnnotation = annotations[LEGACY_CLASS_ANNOTATION];
  const className = byField ?? byAnnotation ?? defaultClass;
  const classField = byField
    ? 'spec.ingressClassName'
    : byAnnotation
      ? `metadata.annotations["${LEGACY_CLASS_ANNOTATION}"]`
      : 'spec';
  const rules = arr(spec.rules).map((r, i): IngressRule => {
    const rule = rec(r);
    const host = str(rule?.host);
    const paths = arr(rec(rule?.http)?.paths).map((p, j): IngressPath => {
      const path = rec(p);
      return {
        path: str(path?.path) ?? '/',
        pathType: str(path?.pathType) ?? 'ImplementationSpecific',
        backend: backendOf(path?.backend),
        field: `spec.rules[${i}].http.paths[${j}]`,
      };
    });
    const out: IngressRule = { paths, field: `spec.rules[${i}]` };
    if (host) out.host = host;
    return out;
  });
  const tls = arr(spec.tls).map((t, i): IngressTls => {
    const entry = rec(t);
    const out: IngressTls = {
      hosts: arr(entry?.hosts).filter((h): h is string => typeof h === 'string'),
      field: `spec.tls[${i}]`,
    };
    const secretName = str(entry?.secretName);
    if (secretName) out.secretName = secretName;
    return out;
  });
  const view: IngressView = {
    obj,
    name: obj.metadata.name,
    namespace,
    ref: `Ingress/${namespace}/${obj.metadata.name}`,
    classField,
    annotations,
    rules,
    tls,
  };
  if (className) view.className = className;
  if (spec.defaultBackend) view.defaultBackend = backendOf(spec.defaultBackend);
  return view;
}

const NGINX_CONTROLLERS = new Set(['k8s.io/ingress-nginx']);
const ISTIO_CONTROLLERS = new Set(['istio.io/ingress-controller']);

/** The controller family of a class: from its IngressClass `spec.controller`, else by the usual class names. */
export function flavorOf(className: string | undefined, classes: KubeObject[]): IngressFlavor {
  const cls = classes.find((c) => c.metadata.name === className);
  const controller = str(rec(cls?.spec)?.controller);
  if (controller) {
    if (NGINX_CONTROLLERS.has(controller)) return 'nginx';
    if (ISTIO_CONTROLLERS.has(controller)) return 'istio';
    return 'other';
  }
  if (className === undefined || className === 'nginx' || className === 'ingress-nginx') return 'nginx';
  if (className === 'istio') return 'istio';
  return 'other';
}

/** Every host the Ingress serves (rules and TLS), in first-seen order; `''` stands for "any host". */
export function ingressHosts(ing: IngressView): string[] {
  const hosts: string[] = [];
  for (const r of ing.rules) hosts.push(r.host ?? '');
  if (ing.rules.length === 0 && ing.defaultBackend) hosts.push('');
  return [...new Set(hosts)];
}

/** The TLS entry covering `host` (wildcards too), if any. */
export function tlsFor(ing: IngressView, host: string): IngressTls | undefined {
  return ing.tls.find(
    (t) =>
      t.hosts.includes(host) ||
      (host === '' && t.hosts.length === 0) ||
      t.hosts.some(
        (h) => h.startsWith('*.') && host.endsWith(h.slice(1)) && !host.slice(0, -h.length + 1).includes('.'),
      ),
  );
}
