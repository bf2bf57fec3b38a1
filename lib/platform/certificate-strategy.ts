/**
 * How the new Gateway keeps its certificates: read the existing Secrets through a ReferenceGrant
 * (what the converter produces), or let cert-manager's Gateway support issue them per listener
 * (`cert-manager.io/issuer` / `cert-manager.io/cluster-issuer` on the Gateway). Pure.
 */
import type { ResourceSet } from '../cluster/snapshot';
import type { KubeObject } from '../k8s/objects';
import { arr, rec, str } from '../mesh/fields';
import { credentialNamespace, issuerOf } from './certificates';

export type CertificateStrategy = 'reference-grant' | 'cert-manager';

export const CERTIFICATE_STRATEGIES: readonly CertificateStrategy[] = ['reference-grant', 'cert-manager'];

export function isCertificateStrategy(s: string): s is CertificateStrategy {
  return (CERTIFICATE_STRATEGIES as readonly string[]).includes(s);
}

const GW_GROUP = 'gateway.networking.k8s.io';
export const ISSUER_ANNOTATION = 'cert-manager.io/issuer';
export const CLUSTER_ISSUER_ANNOTATION = 'cert-manager.io/cluster-issuer';

interface IssuerChoice {
  annotation: string;
  name: string;
}

/** The one issuer behind the Certificates of an Istio Gateway's credentials, usable from `gwNamespace`. */
function issuerFor(
  resources: ResourceSet,
  istioGateway: KubeObject,
  gwNamespace: string,
): IssuerChoice | undefined {
  const secretNs = credentialNamespace(resources, istioGateway);
  const names = new Set<string>();
  for (const s of arr(rec(istioGateway.spec)?.servers).map(rec)) {
    const tls = rec(s?.tls);
    for (const n of [str(tls?.credentialName), ...arr(tls?.credentialNames).map(str)]) if (n) names.add(n);
  }
  const choices = new Map<string, IssuerChoice>();
  for (const name of names) {
    const cert = resources.certificates.find(
      (c) => c.metadata.namespace === secretNs && str(rec(c.spec)?.secretName) === name,
    );
    if (!cert) return undefined;
    const issuer = issuerOf(resources, cert);
    if (!issuer.found) return undefined;
    // A namespaced Issuer serves only Gateways of its own namespace.
    if (issuer.kind === 'Issuer' && issuer.namespace !== gwNamespace) return undefined;
    const choice = {
      annotation: issuer.kind === 'ClusterIssuer' ? CLUSTER_ISSUER_ANNOTATION : ISSUER_ANNOTATION,
      name: issuer.name,
    };
    choices.set(`${choice.annotation}=${choice.name}`, choice);
  }
  return choices.size === 1 ? [...choices.values()][0] : undefined;
}

/** Why the cert-manager way cannot be used for a Gateway, or undefined when it can. */
export interface StrategyOutcome {
  objects: KubeObject[];
  /** `Gateway/<ns>/<name>` → what was done. */
  notes: { gateway: string; strategy: CertificateStrategy; message: string }[];
}

/**
 * Applies the certificate strategy to converted objects. With `cert-manager`, each Gateway whose
 * certificates all come from one issuer usable in its namespace gets the issuer annotation, its
 * certificateRefs point at Secrets of its own namespace (cert-manager creates them), and the
 * certificate ReferenceGrant is dropped; other Gateways keep the ReferenceGrant.
 */
export function applyCertificateStrategy(
  resources: ResourceSet,
  objects: KubeObject[],
  strategy: CertificateStrategy = 'reference-grant',
): StrategyOutcome {
  if (strategy === 'reference-grant') return { objects, notes: [] };
  const notes: StrategyOutcome['notes'] = [];
  const dropGrantsFrom = new Set<string>();
  const out = objects.map((o) => {
    if (o.kind !== 'Gateway' || !o.apiVersion.startsWith(`${GW_GROUP}/`)) return o;
    const ns = o.metadata.namespace ?? '';
    const gateway = `Gateway/${ns}/${o.metadata.name}`;
    const listeners = arr(rec(o.spec)?.listeners).map(rec);
    const hasCerts = listeners.some((l) => arr(rec(l?.tls)?.certificateRefs).length > 0);
    if (!hasCerts) return o;
    const istio = resources.istiogateways.find(
      (g) => g.metadata.namespace === ns && g.metadata.name === o.metadata.name,
    );
    const issuer = istio ? issuerFor(resources, istio, ns) : undefined;
    if (!issuer) {
      notes.push({
        gateway,
        strategy: 'reference-grant',
        message:
          'its certificates do not all come from one cert-manager issuer usable in this namespace: the ReferenceGrant is kept',
      });
      return o;
    }
    const secretNamespaces = new Set<string>();
    const spec = rec(o.spec) ?? {};
    const next: KubeObject = {
      ...o,
      metadata: {
        ...o.metadata,
        annotations: { ...(o.metadata.annotations ?? {}), [issuer.annotation]: issuer.name },
      },
      spec: {
        ...spec,
        listeners: listeners.map((l) => {
          const tls = rec(l?.tls);
          if (!tls) return l;
          const refs = arr(tls.certificateRefs).map((r) => {
            const ref = rec(r) ?? {};
            const from = str(ref.namespace);
            if (from) secretNamespaces.add(from);
            const { namespace: _ns, ...local } = ref;
            return local;
          });
          return { ...l, tls: { ...tls, certificateRefs: refs } };
        }),
      },
    };
    for (const from of secretNamespaces) dropGrantsFrom.add(`${from}<-${ns}`);
    notes.push({
      gateway,
      strategy: 'cert-manager',
      message: `annotated ${issuer.annotation}=${issuer.name}: cert-manager issues each listener's Secret in ${ns}`,
    });
    return next;
  });
  const kept = out.filter((o) => {
    if (o.kind !== 'ReferenceGrant') return true;
    const spec = rec(o.spec);
    const onlySecrets = arr(spec?.to).every((t) => str(rec(t)?.kind) === 'Secret');
    const fromNs = arr(spec?.from).map((f) => str(rec(f)?.namespace));
    return !(onlySecrets && fromNs.some((f) => dropGrantsFrom.has(`${o.metadata.namespace}<-${f}`)));
  });
  return { objects: kept, notes };
}
