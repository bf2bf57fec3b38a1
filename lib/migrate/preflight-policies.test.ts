import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../k8s/objects';
import { namespaceFindings } from './preflight';
import { authorizationPolicy, istio, resourcesOf, sidecarShop } from './test-fixtures';
import type { FindingSeverity } from './types';

const withShop = (...extra: KubeObject[]) => resourcesOf(...sidecarShop(), ...extra);

describe('namespaceFindings: security and extension resources', () => {
  const cases: {
    name: string;
    objects: KubeObject[];
    id: string;
    severity: FindingSeverity;
    mentions: RegExp;
  }[] = [
    {
      name: 'EnvoyFilter',
      objects: [
        istio('EnvoyFilter', 'shop', 'lua', { configPatches: [] }, 'networking.istio.io', 'v1alpha3'),
      ],
      id: 'envoyfilter:shop/lua',
      severity: 'blocker',
      mentions: /waypoints and ztunnel ignore/,
    },
    {
      name: 'mesh-wide EnvoyFilter in the root namespace',
      objects: [
        istio(
          'EnvoyFilter',
          'istio-system',
          'stats',
          { configPatches: [] },
          'networking.istio.io',
          'v1alpha3',
        ),
      ],
      id: 'envoyfilter-mesh:shop/stats',
      severity: 'warning',
      mentions: /Mesh-wide/,
    },
    {
      name: 'Sidecar resource',
      objects: [istio('Sidecar', 'shop', 'default', { egress: [{ hosts: ['./*'] }] })],
      id: 'sidecar-resource:shop/default',
      severity: 'warning',
      mentions: /ignored in ambient/,
    },
    {
      name: 'WorkloadEntry',
      objects: [istio('WorkloadEntry', 'shop', 'vm1', { address: '10.0.0.5' })],
      id: 'workloadentry:shop/vm1',
      severity: 'blocker',
      mentions: /10\.0\.0\.5/,
    },
    {
      name: 'PeerAuthentication DISABLE',
      objects: [
        istio('PeerAuthentication', 'shop', 'off', { mtls: { mode: 'DISABLE' } }, 'security.istio.io'),
      ],
      id: 'peerauthentication-disable:shop/off',
      severity: 'warning',
      mentions: /DISABLE/,
    },
    {
      name: 'PeerAuthentication port-level DISABLE',
      objects: [
        istio(
          'PeerAuthentication',
          'shop',
          'port',
          { portLevelMtls: { '8080': { mode: 'DISABLE' } } },
          'security.istio.io',
        ),
      ],
      id: 'peerauthentication-disable:shop/port',
      severity: 'warning',
      mentions: /port\(s\) 8080/,
    },
    {
      name: 'selector L7 ALLOW',
      objects: [
        authorizationPolicy('shop', 'api-get', {
          selector: { matchLabels: { app: 'api' } },
          rules: [{ to: [{ operation: { methods: ['GET'] } }] }],
        }),
      ],
      id: 'l7-policy:shop/api-get:AuthorizationPolicy',
      severity: 'warning',
      mentions: /deny-all at ztunnel/,
    },
    {
      name: 'selector L7 DENY',
      objects: [
        authorizationPolicy('shop', 'no-post', {
          selector: { matchLabels: { app: 'api' } },
          action: 'DENY',
          rules: [{ to: [{ operation: { methods: ['POST'] } }] }],
        }),
      ],
      id: 'l7-policy:shop/no-post:AuthorizationPolicy',
      severity: 'warning',
      mentions: /silently not enforced/,
    },
    {
      name: 'L7 policy on pods without a Service',
      objects: [
        authorizationPolicy('shop', 'jobs', {
          selector: { matchLabels: { app: 'batch' } },
          rules: [{ to: [{ operation: { paths: ['/x'] } }] }],
        }),
      ],
      id: 'l7-policy:shop/jobs:AuthorizationPolicy',
      severity: 'blocker',
      mentions: /no Service/,
    },
    {
      name: 'RequestAuthentication by selector',
      objects: [
        istio(
          'RequestAuthentication',
          'shop',
          'jwt',
          { selector: { matchLabels: { app: 'api' } }, jwtRules: [{ issuer: 'x' }] },
          'security.istio.io',
        ),
      ],
      id: 'l7-policy:shop/jwt:RequestAuthentication',
      severity: 'warning',
      mentions: /JWT/,
    },
    {
      name: 'WasmPlugin by selector',
      objects: [
        istio(
          'WasmPlugin',
          'shop',
          'wasm',
          { selector: { matchLabels: { app: 'api' } }, url: 'oci://x' },
          'extensions.istio.io',
          'v1alpha1',
        ),
      ],
      id: 'l7-policy:shop/wasm:WasmPlugin',
      severity: 'warning',
      mentions: /HTTP filter/,
    },
    {
      name: 'L4 ALLOW with principals behind a waypoint',
      objects: [
        authorizationPolicy('shop', 'api-get', {
          selector: { matchLabels: { app: 'api' } },
          rules: [{ to: [{ operation: { methods: ['GET'] } }] }],
        }),
        authorizationPolicy('shop', 'l4', {
          selector: { matchLabels: { app: 'api' } },
          rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/web'] } }] }],
        }),
      ],
      id: 'l4-allow-waypoint:shop/l4',
      severity: 'warning',
      mentions: /waypoint's identity/,
    },
  ];

  it.each(cases)('$name → $id ($severity)', ({ objects, id, severity, mentions }) => {
    const findings = namespaceFindings(withShop(...objects), 'shop');
    const f = findings.find((x) => x.id === id);
    expect(f, `ids: ${findings.map((x) => x.id).join(', ')}`).toBeDefined();
    expect(f?.severity).toBe(severity);
    expect(f?.message).toMatch(mentions);
    expect(f?.fix.length).toBeGreaterThan(10);
  });
});
