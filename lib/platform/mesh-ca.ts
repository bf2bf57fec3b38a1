/**
 * Where workload certificates come from (istiod's self-signed root, a plugged-in `cacerts` CA,
 * cert-manager istio-csr, an external signer, SPIRE) and whether ambient's ztunnel can use it.
 * Pure; reads Deployments, DaemonSets, pods, CRDs and the key names of the `cacerts` Secret.
 */
import type { UserAccess } from '../auth/access';
import type { KindStatus, ResourceSet } from '../cluster/snapshot';
import type { KubeObject } from '../k8s/objects';
import { arr, rec, str } from '../mesh/fields';
import { label } from '../mesh/labels';
import type { FindingSeverity } from '../migrate/types';
import { indexOf } from '../model/cluster-index';

export type MeshCaKind =
  | 'istiod-self-signed'
  | 'plugged-in'
  | 'istio-csr'
  | 'external-ca'
  | 'spire'
  /** istiod signs, but whether with its own root or a plugged-in `cacerts` could not be read. */
  | 'unknown';

/**
 * Why the Secrets of a namespace could not be read (so a missing `cacerts` proves nothing), or
 * undefined when they were.
 */
export type SecretsUnreadable = (namespace: string) => string | undefined;

const FALLBACK_SCOPE = /^cluster-wide list forbidden; showing namespace (.+)$/;

/**
 * Whether the `cacerts` Secret of a namespace was readable, from how the Secrets kind loaded
 * (`forbidden`, an error, a list limited to other namespaces) and, for a dashboard user, what
 * their RBAC lets them list.
 */
export function secretsUnreadable(casecrets: KindStatus, access?: UserAccess): SecretsUnreadable {
  return (ns) => {
    const missing = `missing permission: list secrets in namespace ${ns} (a Role or ClusterRole with verb list on resource secrets, core group)`;
    if (casecrets.state === 'forbidden')
      return `${missing}; the API server said: ${casecrets.message ?? '403'}`;
    if (casecrets.state !== 'ok')
      return `Secrets could not be listed (${casecrets.state}${casecrets.message ? `: ${casecrets.message}` : ''})`;
    const scope = FALLBACK_SCOPE.exec(casecrets.message ?? '')?.[1]?.split(', ');
    if (scope && !scope.includes(ns)) return `${missing}; Secrets were listed only in ${scope.join(', ')}`;
    if (
      access &&
      !access.all &&
      !access.clusterWide.has('casecrets') &&
      !access.perNamespace.get(ns)?.has('casecrets')
    )
      return `${missing}: your RBAC does not let you list them, so they are hidden from you`;
    return undefined;
  };
}

export interface MeshCaView {
  kind: MeshCaKind;
  /** One line for the readiness card. */
  summary: string;
  evidence: string[];
  /** Can ambient (ztunnel) get workload certificates from it as things stand? */
  ambientOk: boolean;
  severity: FindingSeverity;
  /** Why, and what to do when it is not ok. */
  message: string;
  fix: string;
  trustDomain: string;
  trustDomainSource: string;
  /** Facts that must not change during the move (or sidecar and ambient pods stop trusting each other). */
  keepUnchanged: string[];
}

type Env = Map<string, string>;

function podSpecOf(o: KubeObject): Record<string, unknown> | undefined {
  return o.kind === 'Pod' ? rec(o.spec) : rec(rec(rec(o.spec)?.template)?.spec);
}

function envOf(o: KubeObject | undefined): Env {
  const env: Env = new Map();
  if (!o) return env;
  for (const c of arr(podSpecOf(o)?.containers).map(rec))
    for (const e of arr(c?.env).map(rec)) {
      const name = str(e?.name);
      const value = str(e?.value);
      if (name && value !== undefined) env.set(name, value);
    }
  return env;
}

function argsOf(o: KubeObject | undefined): string[] {
  if (!o) return [];
  return arr(podSpecOf(o)?.containers)
    .map(rec)
    .flatMap((c) => [...arr(c?.command), ...arr(c?.args)])
    .filter((a): a is string => typeof a === 'string');
}

const isIstiod = (d: KubeObject) =>
  d.metadata.name === 'istiod' || d.metadata.name.startsWith('istiod-') || label(d, 'app') === 'istiod';

function usesSpireVolume(o: KubeObject): boolean {
  return arr(podSpecOf(o)?.volumes).some((v) => str(rec(rec(v)?.csi)?.driver) === 'csi.spiffe.io');
}

/** What the CA detection reads from pods, summed over namespaces (each kept while its pods are). */
/** What the pods tell about the mesh CA: SPIRE-mounted proxies, pods naming a certificate signer. */
export function podFacts(resources: ResourceSet): { spirePods: number; certSigner: boolean } {
  const ix = indexOf(resources);
  let spirePods = 0;
  let certSigner = false;
  for (const ns of ix.namespacesWith('pods')) {
    const f = ix.perNamespace('pods', ns, 'mesh-ca', (pods) => ({
      spirePods: pods.filter(
        (p) =>
          usesSpireVolume(p) ||
          (p.metadata.annotations?.['inject.istio.io/templates'] ?? '').includes('spire'),
      ).length,
      certSigner: pods.some((p) =>
        arr(podSpecOf(p)?.containers)
          .map(rec)
          .some((c) => arr(c?.env).some((e) => str(rec(e)?.name) === 'ISTIO_META_CERT_SIGNER')),
      ),
    }));
    spirePods += f.spirePods;
    certSigner ||= f.certSigner;
  }
  return { spirePods, certSigner };
}

function spireEvidence(resources: ResourceSet): string[] {
  const out = indexOf(resources)
    .memo('spire-workloads', () => {
      const found: string[] = [];
      for (const w of [...resources.daemonsets, ...resources.deployments, ...resources.statefulsets]) {
        const n = `${w.metadata.name} ${label(w, 'app.kubernetes.io/name') ?? ''} ${label(w, 'app') ?? ''}`;
        if (/spire-(agent|server)/.test(n))
          found.push(`${w.kind} ${w.metadata.namespace}/${w.metadata.name}`);
      }
      return found;
    }, ['daemonsets', 'deployments', 'statefulsets'])
    .slice();
  if (resources.customresourcedefinitions.some((c) => c.metadata.name === 'clusterspiffeids.spire.spiffe.io'))
    out.push('CRD clusterspiffeids.spire.spiffe.io');
  const proxies = podFacts(resources).spirePods;
  if (proxies > 0)
    out.push(
      `${proxies} pod(s) mount the SPIRE agent socket (csi.spiffe.io) or use the spire injection template`,
    );
  return out;
}

function istioCsr(resources: ResourceSet): KubeObject | undefined {
  return resources.deployments.find(
    (d) =>
      d.metadata.name.includes('istio-csr') ||
      label(d, 'app.kubernetes.io/name') === 'cert-manager-istio-csr' ||
      label(d, 'app') === 'cert-manager-istio-csr',
  );
}

function trustDomain(
  resources: ResourceSet,
  istiod: KubeObject | undefined,
): { value: string; source: string } {
  const mesh = resources.configmaps.find(
    (c) => c.metadata.name === 'istio' && c.metadata.namespace === istiod?.metadata.namespace,
  );
  const fromMesh = /^\s*trustDomain:\s*"?([^"\s]+)"?\s*$/m.exec(mesh?.data?.mesh ?? '')?.[1];
  if (fromMesh)
    return {
      value: fromMesh,
      source: `meshConfig.trustDomain (ConfigMap ${mesh?.metadata.namespace}/istio)`,
    };
  const env = envOf(istiod).get('TRUST_DOMAIN');
  if (env) return { value: env, source: 'istiod env TRUST_DOMAIN' };
  return { value: 'cluster.local', source: 'Istio default (meshConfig.trustDomain not found)' };
}

/**
 * Detects the mesh CA and what ambient needs from it. `unreadable` says where Secrets could not be
 * read: there the absence of `cacerts` proves nothing, and the CA is reported as unknown.
 */
export function detectMeshCa(resources: ResourceSet, unreadable?: SecretsUnreadable): MeshCaView {
  const istiod = resources.deployments.find(isIstiod);
  const env = envOf(istiod);
  const caAddress = env.get('CA_ADDRESS') ?? '';
  const td = trustDomain(resources, istiod);
  const istiodNs = istiod?.metadata.namespace ?? 'istio-system';
  const cacerts = resources.casecrets.find(
    (s) => s.metadata.name === 'cacerts' && s.metadata.namespace === istiodNs,
  );
  const keep = [
    `trust domain ${td.value} (${td.source})`,
    'the root certificate every proxy trusts (ConfigMap istio-ca-root-cert in each namespace): sidecars and ztunnel must share it while both run',
    'the SPIFFE identities spiffe://<trust domain>/ns/<namespace>/sa/<service account> that AuthorizationPolicies name',
  ];
  const base = { trustDomain: td.value, trustDomainSource: td.source, keepUnchanged: keep };

  const spire = spireEvidence(resources);
  const spireInUse = spire.some((e) => e.includes('pod(s)'));
  if (spireInUse) {
    return {
      ...base,
      kind: 'spire',
      summary: 'SPIRE issues workload identities (Envoy SDS socket)',
      evidence: spire,
      ambientOk: false,
      severity: 'blocker',
      message:
        "Istio's SPIRE integration hands identities to Envoy proxies through an SDS socket mounted into each sidecar and gateway; upstream ztunnel does not fetch identities from SPIRE, so pods moved to ambient would lose their SPIRE identities.",
      fix: 'Keep these workloads on sidecars, or move the mesh to an Istio CA (istiod, cacerts or istio-csr) before migrating; SPIRE with ztunnel exists only in vendor distributions.',
    };
  }

  const csr = istioCsr(resources);
  if (csr || caAddress.includes('istio-csr') || env.get('ENABLE_CA_SERVER') === 'false') {
    const args = argsOf(csr).join(' ');
    const csrEnv = envOf(csr);
    const trusted =
      /--ca-trusted-node-accounts[= ](\S+)/.exec(args)?.[1] ?? csrEnv.get('CA_TRUSTED_NODE_ACCOUNTS');
    const ztunnelSa = resources.daemonsets.find(
      (d) => d.metadata.name === 'ztunnel' || label(d, 'app') === 'ztunnel',
    );
    const sa = `${ztunnelSa?.metadata.namespace ?? istiodNs}/${str(podSpecOf(ztunnelSa ?? ({} as KubeObject))?.serviceAccountName) ?? 'ztunnel'}`;
    const ok = trusted?.split(',').includes(sa) ?? false;
    return {
      ...base,
      kind: 'istio-csr',
      summary: `cert-manager istio-csr${csr ? ` (${csr.metadata.namespace}/${csr.metadata.name})` : ''} signs workload certificates`,
      evidence: [
        ...(csr ? [`Deployment ${csr.metadata.namespace}/${csr.metadata.name}`] : []),
        ...(caAddress ? [`istiod CA_ADDRESS=${caAddress}`] : []),
        ...(env.get('ENABLE_CA_SERVER') === 'false' ? ['istiod ENABLE_CA_SERVER=false'] : []),
      ],
      ambientOk: ok,
      severity: ok ? 'info' : 'blocker',
      message: ok
        ? `istio-csr trusts ${sa} to request certificates on behalf of the pods of its node.`
        : `ztunnel requests certificates for the pods of its node (impersonation); istio-csr refuses that unless ${sa} is listed in --ca-trusted-node-accounts${trusted ? ` (it lists ${trusted})` : ' (not set)'}.`,
      fix: ok ? '' : `Upgrade istio-csr to v0.12 or newer and set app.server.caTrustedNodeAccounts=${sa}.`,
    };
  }

  const signer = env.get('EXTERNAL_CA') ?? env.get('K8S_SIGNER');
  const proxyCertSigner = podFacts(resources).certSigner;
  if (signer || proxyCertSigner || (caAddress && !caAddress.includes('istiod'))) {
    return {
      ...base,
      kind: 'external-ca',
      summary: `an external CA signs through istiod${signer ? ` (${signer})` : ''}`,
      evidence: [
        ...(env.get('EXTERNAL_CA') ? [`istiod EXTERNAL_CA=${env.get('EXTERNAL_CA')}`] : []),
        ...(env.get('K8S_SIGNER') ? [`istiod K8S_SIGNER=${env.get('K8S_SIGNER')}`] : []),
        ...(proxyCertSigner ? ['proxies set ISTIO_META_CERT_SIGNER'] : []),
        ...(caAddress ? [`istiod CA_ADDRESS=${caAddress}`] : []),
      ],
      ambientOk: true,
      severity: 'warning',
      message:
        'ztunnel asks istiod for certificates on behalf of its pods; per-workload signer selection (ISTIO_META_CERT_SIGNER) is a sidecar proxy setting that ztunnel does not send, so all ambient pods get the default signer.',
      fix: 'Check that the default signer issues for every namespace you move, and try one namespace first.',
    };
  }

  if (cacerts) {
    const keys = Object.keys(cacerts.data ?? {}).sort();
    return {
      ...base,
      kind: 'plugged-in',
      summary: `istiod signs with a plugged-in CA (Secret ${cacerts.metadata.namespace}/cacerts)`,
      evidence: [
        `Secret ${cacerts.metadata.namespace}/cacerts${keys.length ? ` holds ${keys.join(', ')}` : ''}`,
      ],
      ambientOk: true,
      severity: 'info',
      message:
        'ztunnel gets its certificates from istiod, which signs with the plugged-in intermediate: nothing to change.',
      fix: '',
      keepUnchanged: [
        ...keep,
        'the cacerts Secret: rotating it during the move breaks trust between old and new pods',
      ],
    };
  }
  const hidden = unreadable?.(istiodNs);
  if (hidden) {
    return {
      ...base,
      kind: 'unknown',
      summary: `unknown (cannot read Secrets in ${istiodNs})`,
      evidence: [
        ...(istiod
          ? [`Deployment ${istiod.metadata.namespace}/${istiod.metadata.name}`]
          : ['no istiod found']),
        hidden,
      ],
      ambientOk: true,
      severity: 'warning',
      message: `istiod signs workload certificates, with its self-signed root or a plugged-in CA (Secret ${istiodNs}/cacerts): which one cannot be told without reading that Secret. ztunnel works with either.`,
      fix: `Grant list on secrets in ${istiodNs} (only the key names of cacerts are kept), or check with kubectl -n ${istiodNs} get secret cacerts.`,
      keepUnchanged: [...keep, `the cacerts Secret in ${istiodNs}, if there is one`],
    };
  }
  return {
    ...base,
    kind: 'istiod-self-signed',
    summary: "istiod's self-signed root (Secret istio-ca-secret)",
    evidence: istiod
      ? [`Deployment ${istiod.metadata.namespace}/${istiod.metadata.name}, no cacerts Secret found`]
      : ['no istiod found'],
    ambientOk: true,
    severity: 'info',
    message: 'ztunnel gets its certificates from istiod like the sidecars do: nothing to change.',
    fix: '',
  };
}
