import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { KubeObject } from '@/lib/k8s/objects';

const TLS_PEM = readFileSync(path.join(import.meta.dirname, 'test-tls.pem'), 'utf8');
const pemBlock = (label: string) =>
  new RegExp(`-----BEGIN ${label}-----[\\s\\S]+?-----END ${label}-----\\n`).exec(TLS_PEM)?.[0] ?? '';

/**
 * A TLS Secret (a test certificate) for every credential an Istio Gateway names and every certificate
 * a converted Gateway refers to: istiod builds no HTTPS listener of a Gateway API Gateway without
 * its Secret, so both sides hold them, where either looks (the gateway's namespace, istio-system).
 */
export function tlsSecrets(
  istioGateways: readonly KubeObject[],
  gateways: readonly KubeObject[],
): KubeObject[] {
  const refs = new Set<string>();
  for (const gw of istioGateways)
    for (const server of (gw.spec as { servers?: { tls?: Record<string, unknown> }[] }).servers ?? []) {
      const tls = server?.tls ?? {};
      const names = [tls.credentialName, ...(Array.isArray(tls.credentialNames) ? tls.credentialNames : [])];
      for (const n of names)
        if (typeof n === 'string' && /^[a-z0-9][a-z0-9.-]*$/.test(n))
          for (const ns of ['istio-system', gw.metadata.namespace ?? 'default']) refs.add(`${ns}/${n}`);
    }
  for (const gw of gateways)
    for (const l of (gw.spec as { listeners?: { tls?: { certificateRefs?: unknown[] } }[] }).listeners ?? [])
      for (const ref of l?.tls?.certificateRefs ?? []) {
        const r = ref as { name?: string; namespace?: string };
        if (r.name) refs.add(`${r.namespace ?? gw.metadata.namespace ?? 'default'}/${r.name}`);
      }
  const data = {
    'tls.crt': Buffer.from(pemBlock('CERTIFICATE')).toString('base64'),
    'tls.key': Buffer.from(pemBlock('PRIVATE KEY')).toString('base64'),
  };
  return [...refs].sort().map((ref) => {
    const [namespace = 'default', name = ''] = ref.split('/');
    return {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace },
      type: 'kubernetes.io/tls',
      data,
    };
  });
}
