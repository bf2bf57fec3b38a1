import type { KubeObject } from '../k8s/objects';

const SEC = 'security.istio.io/v1';
const NET = 'networking.istio.io/v1';

type Mode = 'sidecar' | 'ambient' | 'ambient-l7' | 'mixed' | 'pending' | 'none';

/** An L7 AuthorizationPolicy on one app: GETs from the previous app's service account. */
export function authorizationPolicy(ns: string, app: string, caller: string | undefined): KubeObject {
  return {
    apiVersion: SEC,
    kind: 'AuthorizationPolicy',
    metadata: { name: `${app}-allow`, namespace: ns },
    spec: {
      selector: { matchLabels: { app } },
      action: 'ALLOW',
      rules: [
        {
          from: [{ source: { principals: [`cluster.local/ns/${ns}/sa/${caller ?? 'default'}`] } }],
          to: [{ operation: { methods: ['GET'] } }],
        },
      ],
    },
  };
}

/**
 * Namespace-wide policy objects in the proportions platforms tend to have: strict mTLS in most
 * meshed namespaces, a Sidecar scope in some, a JWT rule in a few, an EnvoyFilter rarely.
 */
export function namespacePolicies(ns: string, n: number, mode: Mode, r: () => number): KubeObject[] {
  if (mode === 'none') return [];
  const out: KubeObject[] = [];
  if (r() < 0.6) {
    out.push({
      apiVersion: SEC,
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: ns },
      spec: { mtls: { mode: 'STRICT' } },
    });
  }
  if (mode === 'sidecar' && r() < 0.1) {
    out.push({
      apiVersion: NET,
      kind: 'Sidecar',
      metadata: { name: 'default', namespace: ns },
      spec: { egress: [{ hosts: ['./*', 'istio-system/*'] }] },
    });
  }
  if (r() < 0.05) {
    out.push({
      apiVersion: SEC,
      kind: 'RequestAuthentication',
      metadata: { name: 'jwt', namespace: ns },
      spec: {
        jwtRules: [{ issuer: `https://issuer.example/${ns}`, jwksUri: 'https://issuer.example/jwks' }],
      },
    });
  }
  if (n % 97 === 5) {
    out.push({
      apiVersion: 'networking.istio.io/v1alpha3',
      kind: 'EnvoyFilter',
      metadata: { name: 'headers', namespace: ns },
      spec: {
        configPatches: [
          {
            applyTo: 'HTTP_FILTER',
            match: { context: 'SIDECAR_INBOUND' },
            patch: { operation: 'INSERT_BEFORE', value: { name: 'envoy.filters.http.lua' } },
          },
        ],
      },
    });
  }
  return out;
}
