import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../k8s/objects';
import { namespaceFindings } from './preflight';
import {
  authorizationPolicy,
  deployment,
  istio,
  namespace,
  resourcesOf,
  service,
  sidecarShop,
} from './test-fixtures';
import type { FindingSeverity } from './types';

const withShop = (...extra: KubeObject[]) => resourcesOf(...sidecarShop(), ...extra);

describe('namespaceFindings', () => {
  const cases: {
    name: string;
    objects: KubeObject[];
    id: string;
    severity: FindingSeverity;
    mentions: RegExp;
  }[] = [
    {
      name: 'DestinationRule subsets',
      objects: [
        istio('DestinationRule', 'shop', 'api', {
          host: 'api',
          subsets: [{ name: 'v1', labels: { version: 'v1' } }],
        }),
      ],
      id: 'dr-subsets:shop/api',
      severity: 'info',
      mentions: /own Service/,
    },
    {
      name: 'zone-aware load balancing',
      objects: [
        istio('DestinationRule', 'shop', 'zone', {
          host: 'api',
          trafficPolicy: { loadBalancer: { localityLbSetting: { enabled: true } } },
        }),
      ],
      id: 'locality-lb:shop/zone',
      severity: 'warning',
      mentions: /localityLbSetting/,
    },
    {
      name: 'VirtualService sourceLabels',
      objects: [
        istio('VirtualService', 'shop', 'src', {
          hosts: ['api'],
          http: [{ match: [{ sourceLabels: { app: 'web' } }], route: [{ destination: { host: 'api' } }] }],
        }),
      ],
      id: 'vs-source-match:shop/src',
      severity: 'warning',
      mentions: /calling pod's labels/,
    },
    {
      name: 'ServiceEntry exportTo',
      objects: [istio('ServiceEntry', 'shop', 'ext', { hosts: ['example.com'], exportTo: ['.'] })],
      id: 'serviceentry-exportto:shop/ext',
      severity: 'warning',
      mentions: /exportTo \(\.\)/,
    },
    {
      name: 'VirtualService and HTTPRoute on one Service',
      objects: [
        istio('VirtualService', 'shop', 'api', {
          hosts: ['api.shop.svc.cluster.local'],
          http: [{ route: [{ destination: { host: 'api' } }] }],
        }),
        {
          apiVersion: 'gateway.networking.k8s.io/v1',
          kind: 'HTTPRoute',
          metadata: { name: 'api', namespace: 'shop' },
          spec: { parentRefs: [{ group: '', kind: 'Service', name: 'api', port: 80 }] },
        },
      ],
      id: 'vs-and-route:shop/api:shop/api',
      severity: 'blocker',
      mentions: /undefined behaviour/,
    },
    {
      name: 'host-network workload',
      objects: [deployment('shop', 'agent', { app: 'agent' }, { spec: { hostNetwork: true } })],
      id: 'hostnetwork:shop/Deployment/agent',
      severity: 'warning',
      mentions: /hostNetwork/,
    },
    {
      name: 'sidecar tuning annotations',
      objects: [
        deployment(
          'shop',
          'tuned',
          { app: 'tuned' },
          {
            annotations: {
              'traffic.sidecar.istio.io/excludeOutboundPorts': '5432',
              'sidecar.istio.io/proxyCPU': '200m',
              'sidecar.istio.io/inject': 'true',
            },
          },
        ),
      ],
      id: 'sidecar-tuning:shop/Deployment/tuned',
      severity: 'warning',
      mentions: /sidecar\.istio\.io\/proxyCPU, traffic\.sidecar\.istio\.io\/excludeOutboundPorts\)/,
    },
    {
      name: 'Helm-managed objects',
      objects: [
        deployment(
          'shop',
          'chart',
          { app: 'chart' },
          {
            metadata: {
              labels: { 'app.kubernetes.io/managed-by': 'Helm' },
              annotations: { 'meta.helm.sh/release-name': 'shop-rel' },
            },
          },
        ),
      ],
      id: 'managed:shop:helm:shop-rel',
      severity: 'warning',
      mentions: /Helm \(release shop-rel\)/,
    },
    {
      name: 'Argo CD-managed objects',
      objects: [
        deployment(
          'shop',
          'argo',
          { app: 'argo' },
          {
            metadata: {
              annotations: { 'argocd.argoproj.io/tracking-id': 'shop-app:apps/Deployment:shop/argo' },
            },
          },
        ),
      ],
      id: 'managed:shop:argocd:shop-app',
      severity: 'warning',
      mentions: /Argo CD/,
    },
    {
      name: 'Flux-managed objects',
      objects: [
        deployment(
          'shop',
          'flux',
          { app: 'flux' },
          { metadata: { labels: { 'kustomize.toolkit.fluxcd.io/name': 'apps' } } },
        ),
      ],
      id: 'managed:shop:flux:apps',
      severity: 'warning',
      mentions: /Flux/,
    },
    {
      name: 'SPIRE identities',
      objects: [
        deployment(
          'shop',
          'spiffe',
          { app: 'spiffe' },
          { spec: { volumes: [{ name: 'w', csi: { driver: 'csi.spiffe.io' } }] } },
        ),
      ],
      id: 'spire:shop/spiffe',
      severity: 'blocker',
      mentions: /SPIRE/,
    },
    {
      name: 'port without protocol behind the waypoint',
      objects: [
        service('shop', 'raw', { app: 'api' }, [{ name: 'web', port: 8080 }]),
        authorizationPolicy('shop', 'api-get', {
          selector: { matchLabels: { app: 'api' } },
          rules: [{ to: [{ operation: { methods: ['GET'] } }] }],
        }),
      ],
      id: 'port-protocol:shop/raw',
      severity: 'warning',
      mentions: /8080/,
    },
    {
      name: 'Istio ingress Gateway',
      objects: [istio('Gateway', 'shop', 'public', { selector: { istio: 'ingressgateway' }, servers: [] })],
      id: 'istio-gateway:shop/public',
      severity: 'info',
      mentions: /address and ports change/,
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

  it('reports nothing for a plain sidecar namespace', () => {
    expect(namespaceFindings(withShop(), 'shop')).toEqual([]);
  });

  it('ignores L4-only and targetRefs policies', () => {
    const findings = namespaceFindings(
      withShop(
        authorizationPolicy('shop', 'l4', {
          selector: { matchLabels: { app: 'api' } },
          rules: [{ to: [{ operation: { ports: ['80'] } }] }],
        }),
        authorizationPolicy('shop', 'on-wp', {
          targetRefs: [{ kind: 'Service', group: '', name: 'api' }],
          rules: [{ to: [{ operation: { methods: ['GET'] } }] }],
        }),
      ),
      'shop',
    );
    expect(findings.filter((f) => f.id.startsWith('l7-policy:'))).toEqual([]);
  });

  it('puts blockers first and keeps ids unique', () => {
    const findings = namespaceFindings(
      withShop(
        istio('Sidecar', 'shop', 'default', {}),
        istio('WorkloadEntry', 'shop', 'vm', { address: '1.2.3.4' }),
        istio('DestinationRule', 'shop', 'api', { host: 'api', subsets: [{ name: 'v1' }] }),
      ),
      'shop',
    );
    expect(findings.map((f) => f.severity)).toEqual(['blocker', 'warning', 'info']);
    expect(new Set(findings.map((f) => f.id)).size).toBe(findings.length);
  });

  it('flags a missing namespace and an already-ambient one', () => {
    expect(namespaceFindings(resourcesOf(), 'nope')[0]?.id).toBe('namespace-missing:nope');
    expect(
      namespaceFindings(resourcesOf(namespace('amb', { 'istio.io/dataplane-mode': 'ambient' })), 'amb')[0]
        ?.id,
    ).toBe('already-ambient:amb');
  });
});
