/**
 * Ingress certificates: for every Istio Gateway server with a `credentialName`, the cert-manager
 * Certificate that produces the Secret, its issuer, expiry and readiness. Pure; `now` is passed in.
 */
import type { ResourceSet } from '../cluster/snapshot';
import type { KubeObject } from '../k8s/objects';
import { arr, conditionsOf, rec, str, strMap } from '../mesh/fields';
import type { Finding } from '../migrate/types';

/** What kind of CA signs: the cert-manager issuer's configuration block. */
export type IssuerType = 'ACME' | 'CA' | 'Vault' | 'SelfSigned' | 'Venafi' | 'external';

export interface IssuerView {
  kind: 'Issuer' | 'ClusterIssuer';
  namespace?: string;
  name: string;
  /** Undefined when the issuer was not found. */
  type?: IssuerType;
  /** ACME server, Vault server and path, CA Secret name. */
  detail?: string;
  ready?: boolean;
  found: boolean;
}

export interface CertificateView {
  namespace: string;
  name: string;
  secretName: string;
  dnsNames: string[];
  issuer: IssuerView;
  ready: boolean;
  readyMessage?: string;
  notAfter?: string;
  /** Whole days until notAfter (negative when expired). */
  daysLeft?: number;
}

/** One Istio Gateway server's certificate and what becomes of it. */
export interface GatewayCredential {
  /** `Gateway/<ns>/<name>` of the Istio Gateway. */
  gateway: string;
  namespace: string;
  name: string;
  /** `port <n> (<hosts>)`. */
  server: string;
  hosts: string[];
  credentialName: string;
  /** Where Istio reads the Secret from: the gateway workload's namespace. */
  secretNamespace: string;
  certificate?: CertificateView;
  findings: Finding[];
}

/** Certificates expiring within this many days are flagged. */
export const EXPIRY_WARNING_DAYS = 30;
const DAY = 86_400_000;

function issuerType(spec: Record<string, unknown> | undefined): { type?: IssuerType; detail?: string } {
  if (!spec) return {};
  const acme = rec(spec.acme);
  if (acme) return { type: 'ACME', detail: str(acme.server) };
  const vault = rec(spec.vault);
  if (vault) return { type: 'Vault', detail: [str(vault.server), str(vault.path)].filter(Boolean).join(' ') };
  const ca = rec(spec.ca);
  if (ca) return { type: 'CA', detail: str(ca.secretName) ? `CA Secret ${str(ca.secretName)}` : undefined };
  if (rec(spec.selfSigned)) return { type: 'SelfSigned' };
  if (rec(spec.venafi)) return { type: 'Venafi' };
  return { type: 'external' };
}

function isReady(o: KubeObject | undefined): boolean {
  return conditionsOf(o?.status).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** The issuer a Certificate names, with its type and readiness. */
export function issuerOf(resources: ResourceSet, cert: KubeObject): IssuerView {
  const ref = rec(rec(cert.spec)?.issuerRef);
  const kind = str(ref?.kind) === 'ClusterIssuer' ? 'ClusterIssuer' : 'Issuer';
  const name = str(ref?.name) ?? '';
  const group = str(ref?.group) ?? 'cert-manager.io';
  const namespace = kind === 'Issuer' ? cert.metadata.namespace : undefined;
  if (group !== 'cert-manager.io')
    return { kind, name, ...(namespace ? { namespace } : {}), type: 'external', detail: group, found: true };
  const obj =
    kind === 'ClusterIssuer'
      ? resources.clusterissuers.find((i) => i.metadata.name === name)
      : resources.issuers.find((i) => i.metadata.name === name && i.metadata.namespace === namespace);
  const t = issuerType(rec(obj?.spec));
  return {
    kind,
    name,
    ...(namespace ? { namespace } : {}),
    ...(t.type ? { type: t.type } : {}),
    ...(t.detail ? { detail: t.detail } : {}),
    ...(obj ? { ready: isReady(obj) } : {}),
    found: obj !== undefined,
  };
}

/** A Certificate as the UI shows it; without `now` its days left are not computed. */
export function certificateView(resources: ResourceSet, cert: KubeObject, now?: Date): CertificateView {
  const spec = rec(cert.spec);
  const status = rec(cert.status);
  const notAfter = str(status?.notAfter);
  const readyCond = conditionsOf(cert.status).find((c) => c.type === 'Ready');
  const view: CertificateView = {
    namespace: cert.metadata.namespace ?? '',
    name: cert.metadata.name,
    secretName: str(spec?.secretName) ?? '',
    dnsNames: arr(spec?.dnsNames).filter((d): d is string => typeof d === 'string'),
    issuer: issuerOf(resources, cert),
    ready: readyCond?.status === 'True',
  };
  if (readyCond?.message) view.readyMessage = readyCond.message;
  if (notAfter) {
    view.notAfter = notAfter;
    const t = Date.parse(notAfter);
    if (now && !Number.isNaN(t)) view.daysLeft = Math.floor((t - now.getTime()) / DAY);
  }
  return view;
}

function selectorMatches(
  selector: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/** The namespace Istio reads an ingress Gateway's Secrets from: its workload's (the Gateway's own when unknown or ambiguous). */
export function credentialNamespace(resources: ResourceSet, gw: KubeObject): string {
  const selector = strMap(rec(gw.spec)?.selector);
  const namespaces = new Set(
    resources.pods
      .filter((p) => selectorMatches(selector, p.metadata.labels))
      .map((p) => p.metadata.namespace ?? ''),
  );
  const only = namespaces.size === 1 ? [...namespaces][0] : undefined;
  return only || (gw.metadata.namespace ?? '');
}

function certificateFindings(c: Omit<GatewayCredential, 'findings'>): Finding[] {
  const ref = `Secret/${c.secretNamespace}/${c.credentialName}`;
  const id = (what: string) => `certificate-${what}:${c.secretNamespace}/${c.credentialName}`;
  const cert = c.certificate;
  if (!cert) {
    return [
      {
        id: id('unmanaged'),
        severity: 'info',
        resource: ref,
        message: `No cert-manager Certificate produces ${ref} (used by ${c.gateway}, ${c.server}): it is managed by hand or another tool.`,
        fix: 'Keep renewing it as today; the new Gateway reads the same Secret through a ReferenceGrant.',
      },
    ];
  }
  const out: Finding[] = [];
  const certRef = `Certificate/${cert.namespace}/${cert.name}`;
  if (!cert.ready) {
    out.push({
      id: id('not-ready'),
      severity: 'warning',
      resource: certRef,
      message: `${certRef} (Secret ${c.credentialName} for ${c.gateway}) is not Ready${cert.readyMessage ? `: ${cert.readyMessage}` : ''}.`,
      fix: `Check it with kubectl -n ${cert.namespace} describe certificate ${cert.name} before moving the ingress.`,
    });
  }
  if (cert.daysLeft !== undefined && cert.daysLeft < EXPIRY_WARNING_DAYS) {
    out.push({
      id: id('expiring'),
      severity: 'warning',
      resource: certRef,
      message:
        cert.daysLeft < 0
          ? `${certRef} expired on ${cert.notAfter}.`
          : `${certRef} expires in ${cert.daysLeft} day(s) (${cert.notAfter}), during the move.`,
      fix: 'Make sure cert-manager can renew it (issuer Ready, ACME challenges reachable on the new Gateway) before switching traffic.',
    });
  }
  if (!cert.issuer.found) {
    out.push({
      id: id('issuer-missing'),
      severity: 'warning',
      resource: certRef,
      message: `${certRef} names ${cert.issuer.kind} ${cert.issuer.name}, which was not found: it will not be renewed.`,
      fix: `Create the ${cert.issuer.kind} or point the Certificate at an existing one.`,
    });
  } else if (cert.issuer.ready === false) {
    out.push({
      id: id('issuer-not-ready'),
      severity: 'warning',
      resource: `${cert.issuer.kind}/${cert.issuer.namespace ? `${cert.issuer.namespace}/` : ''}${cert.issuer.name}`,
      message: `${cert.issuer.kind} ${cert.issuer.name} (${cert.issuer.type ?? 'unknown'}) is not Ready: ${certRef} cannot be renewed.`,
      fix: 'Fix the issuer (credentials, server reachability) before the move.',
    });
  }
  return out;
}

/**
 * Every credential of every Istio Gateway server (or only of the Gateways of namespace `only`), with its
 * Certificate and findings. Without `now`, expiry is not checked.
 */
export function gatewayCredentials(resources: ResourceSet, now?: Date, only?: string): GatewayCredential[] {
  const out: GatewayCredential[] = [];
  for (const gw of resources.istiogateways) {
    if (only !== undefined && gw.metadata.namespace !== only) continue;
    const namespace = gw.metadata.namespace ?? '';
    const secretNamespace = credentialNamespace(resources, gw);
    for (const s of arr(rec(gw.spec)?.servers).map(rec)) {
      const tls = rec(s?.tls);
      const names = [str(tls?.credentialName), ...arr(tls?.credentialNames).map(str)].filter(
        (n): n is string => n !== undefined && n !== '',
      );
      const port = rec(s?.port);
      const hosts = arr(s?.hosts).filter((h): h is string => typeof h === 'string');
      for (const credentialName of [...new Set(names)]) {
        const cert = resources.certificates.find(
          (c) => c.metadata.namespace === secretNamespace && str(rec(c.spec)?.secretName) === credentialName,
        );
        const base: Omit<GatewayCredential, 'findings'> = {
          gateway: `Gateway/${namespace}/${gw.metadata.name}`,
          namespace,
          name: gw.metadata.name,
          server: `port ${String(port?.number ?? '?')}${str(port?.name) ? ` ${str(port?.name)}` : ''} (${hosts.join(', ')})`,
          hosts,
          credentialName,
          secretNamespace,
          ...(cert ? { certificate: certificateView(resources, cert, now) } : {}),
        };
        out.push({ ...base, findings: certificateFindings(base) });
      }
    }
  }
  return out;
}
