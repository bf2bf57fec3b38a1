import { describe, expect, it } from 'vitest';
import { parseObjects } from '../files/parse';
import type { KubeObject } from '../k8s/objects';
import { toResourceSet } from '../testing/generate-cluster';
import { planNamespace, stepOf } from './plan';
import {
  authorizationPolicy,
  deployment,
  istio,
  namespace,
  pod,
  replicaSet,
  resourcesOf,
  service,
  sidecarShop,
} from './test-fixtures';
import { RESTART_AT_APPLY, STEP_IDS } from './types';

const T = '2026-03-01T10:00:00Z';
const l7Allow = authorizationPolicy('shop', 'api-get', {
  selector: { matchLabels: { app: 'api' } },
  rules: [{ to: [{ operation: { methods: ['GET'] } }] }],
});
const meshVs = istio('VirtualService', 'shop', 'api', {
  hosts: ['api'],
  http: [{ route: [{ destination: { host: 'api', subset: 'v1' } }] }],
});
const apiDr = istio('DestinationRule', 'shop', 'api', {
  host: 'api',
  subsets: [{ name: 'v1', labels: { version: 'v1' } }],
});
const plan = (objects: KubeObject[], opts = {}) =>
  planNamespace(resourcesOf(...objects), 'shop', { restartedAt: T, ...opts });

describe('planNamespace', () => {
  it('lists every step in Istio order', () => {
    expect(plan(sidecarShop()).steps.map((s) => s.id)).toEqual([...STEP_IDS]);
  });

  it('plans an L4-only namespace without a waypoint', () => {
    const p = plan(sidecarShop());
    const skipped = Object.fromEntries(p.steps.map((s) => [s.id, s.skipped]));
    expect(skipped).toEqual({
      'deploy-waypoint': true,
      'migrate-policies': true,
      'create-routes': true,
      'migrate-ingress': true,
      'use-waypoint': true,
      'enable-ambient': false,
      'remove-injection': false,
      'restart-workloads': false,
      verify: false,
      cleanup: true,
    });
    expect(stepOf(p, 'deploy-waypoint').reason).toMatch(/ztunnel alone/);
    expect(p.waypoint).toBeUndefined();
  });

  it.each([
    ['enable-ambient', { metadata: { labels: { 'istio.io/dataplane-mode': 'ambient' } } }],
    ['remove-injection', { metadata: { labels: { 'istio-injection': null } } }],
  ] as const)('%s patches the namespace', (id, patch) => {
    const s = stepOf(plan(sidecarShop()), id);
    expect(s.patches).toHaveLength(1);
    expect(s.patches[0]?.target).toEqual({ apiVersion: 'v1', kind: 'Namespace', name: 'shop' });
    expect(s.patches[0]?.patch).toEqual(patch);
  });

  it('removes revision labels and pod-template injection', () => {
    const objects = sidecarShop().map((o) =>
      o.kind === 'Namespace' ? namespace('shop', { 'istio.io/rev': 'canary' }) : o,
    );
    objects.push(deployment('shop', 'forced', { app: 'forced', 'sidecar.istio.io/inject': 'true' }));
    const patches = stepOf(plan(objects), 'remove-injection').patches;
    expect(patches.map((p) => p.patch)).toEqual([
      { metadata: { labels: { 'istio.io/rev': null } } },
      { spec: { template: { metadata: { labels: { 'sidecar.istio.io/inject': null } } } } },
    ]);
  });

  it('restarts the owners of sidecar pods with the given time, or the apply-time placeholder', () => {
    const objects = [
      ...sidecarShop(),
      deployment('shop', 'plain', { app: 'plain' }),
      replicaSet('shop', 'plain', 'abc12'),
      pod('shop', 'plain', { app: 'plain' }),
    ];
    const s = stepOf(plan(objects), 'restart-workloads');
    expect(s.patches.map((p) => `${p.target.kind}/${p.target.name}`)).toEqual([
      'Deployment/api',
      'Deployment/web',
    ]);
    expect(s.patches[0]?.patch).toEqual({
      spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': T } } } },
    });
    const pending = stepOf(planNamespace(resourcesOf(...objects), 'shop'), 'restart-workloads');
    expect(JSON.stringify(pending.patches[0]?.patch)).toContain(RESTART_AT_APPLY);
  });

  it('deploys a waypoint and copies selector L7 policies with bypass protection', () => {
    const p = plan([...sidecarShop(), l7Allow]);
    expect(p.waypoint).toEqual({ name: 'waypoint', namespace: 'shop' });
    const gw = stepOf(p, 'deploy-waypoint').objects[0];
    expect(gw?.spec).toEqual({
      gatewayClassName: 'istio-waypoint',
      listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }],
    });
    expect(gw?.metadata.labels?.['istio.io/waypoint-for']).toBe('service');
    const [copy, bypass] = stepOf(p, 'migrate-policies').objects;
    expect(copy?.metadata.name).toBe('api-get-waypoint');
    expect(copy?.spec).toEqual({
      rules: [{ to: [{ operation: { methods: ['GET'] } }] }],
      targetRefs: [{ group: '', kind: 'Service', name: 'api' }],
    });
    expect(copy?.metadata.annotations?.['mesh-migrator.io/source']).toBe('AuthorizationPolicy/shop/api-get');
    expect(bypass?.metadata.name).toBe('api-deny-waypoint-bypass');
    expect(bypass?.spec).toEqual({
      selector: { matchLabels: { app: 'api' } },
      action: 'DENY',
      rules: [
        {
          from: [
            {
              source: {
                notPrincipals: [
                  'cluster.local/ns/shop/sa/waypoint',
                  'cluster.local/ns/shop/sa/api',
                  'cluster.local/ns/shop/sa/web',
                ],
              },
            },
          ],
        },
      ],
    });
    expect(stepOf(p, 'use-waypoint').patches[0]?.patch).toEqual({
      metadata: { labels: { 'istio.io/use-waypoint': 'waypoint' } },
    });
  });

  it('targets the per-subset Services its routes step creates, so applying that step changes no copy', () => {
    const versioned = sidecarShop().map((o) =>
      o.kind === 'Pod' && o.metadata.name.startsWith('api')
        ? pod('shop', 'api', { app: 'api', version: 'v1' }, { sidecar: true })
        : o,
    );
    const before = plan([...versioned, l7Allow, meshVs, apiDr]);
    const policies = (p: ReturnType<typeof plan>) => stepOf(p, 'migrate-policies').objects;
    expect(policies(before)[0]?.spec?.targetRefs).toEqual([
      { group: '', kind: 'Service', name: 'api' },
      { group: '', kind: 'Service', name: 'api-v1' },
    ]);
    // api-v1 selects a subset of api's pods: api's bypass protection covers it.
    expect(policies(before).map((o) => o.metadata.name)).toEqual([
      'api-get-waypoint',
      'api-deny-waypoint-bypass',
    ]);
    const after = plan([...versioned, l7Allow, meshVs, apiDr, ...stepOf(before, 'create-routes').objects]);
    expect(policies(after)).toEqual(policies(before));
  });

  it('gives every bypass protection of a plan one shared, frozen list of principals', () => {
    const both = authorizationPolicy('shop', 'both-get', {
      selector: { matchLabels: { tier: 'front' } },
      rules: [{ to: [{ operation: { methods: ['GET'] } }] }],
    });
    const objects = sidecarShop().map((o) =>
      o.kind === 'Pod'
        ? pod(
            'shop',
            o.metadata.name.split('-')[0] ?? '',
            { ...o.metadata.labels, tier: 'front' },
            { sidecar: true },
          )
        : o,
    );
    const bypass = stepOf(plan([...objects, both]), 'migrate-policies').objects.filter((o) =>
      o.metadata.name.endsWith('-deny-waypoint-bypass'),
    );
    expect(bypass.map((o) => o.metadata.name)).toEqual([
      'api-deny-waypoint-bypass',
      'web-deny-waypoint-bypass',
    ]);
    const lists = bypass.map(
      (o) =>
        (o.spec as { rules: { from: { source: { notPrincipals: string[] } }[] }[] }).rules[0]?.from[0]?.source
          .notPrincipals,
    );
    expect(lists[0]).toBe(lists[1]);
    expect(Object.isFrozen(lists[0])).toBe(true);
  });

  it('targets the waypoint Gateway for namespace-wide L7 policies and can skip bypass protection', () => {
    const nsWide = authorizationPolicy('shop', 'all-get', {
      rules: [{ to: [{ operation: { methods: ['GET'] } }] }],
    });
    const objects = stepOf(
      plan([...sidecarShop(), nsWide], { bypassProtection: false, waypointName: 'wp' }),
      'migrate-policies',
    ).objects;
    expect(objects).toHaveLength(1);
    expect(objects[0]?.spec?.targetRefs).toEqual([
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'wp' },
    ]);
  });

  it('reuses an existing waypoint', () => {
    const wp = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'waypoint', namespace: 'shop' },
      spec: { gatewayClassName: 'istio-waypoint' },
    };
    const s = stepOf(plan([...sidecarShop(), l7Allow, wp]), 'deploy-waypoint');
    expect(s.skipped).toBe(true);
    expect(s.reason).toMatch(/already exists/);
  });

  it('creates routes and per-subset Services from VirtualServices', () => {
    const objects = [...sidecarShop(), meshVs, apiDr];
    const s = stepOf(plan(objects), 'create-routes');
    expect(s.skipped).toBe(false);
    expect(s.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Service/api-v1', 'HTTPRoute/api']);
    expect(stepOf(plan(objects), 'deploy-waypoint').skipped).toBe(false);
  });

  it('cleans up only copied policies, converted mesh VirtualServices and the subsets they freed', () => {
    const base = [...sidecarShop(), l7Allow, meshVs, apiDr];
    const before = plan(base);
    expect(stepOf(before, 'cleanup').skipped).toBe(true);
    const gwVs = istio('VirtualService', 'shop', 'public', {
      hosts: ['shop.example.com'],
      gateways: ['istio-system/gw'],
      http: [{ route: [{ destination: { host: 'api' } }] }],
    });
    const applied = [
      ...base,
      gwVs,
      ...stepOf(before, 'migrate-policies').objects,
      ...stepOf(before, 'create-routes').objects,
    ];
    const s = stepOf(plan(applied), 'cleanup');
    expect(s.deletes.map((d) => `${d.kind}/${d.name}`)).toEqual([
      'AuthorizationPolicy/api-get',
      'VirtualService/api',
      'DestinationRule/api',
    ]);
    expect(s.patches).toEqual([]);
  });

  it('trims subsets from a DestinationRule that keeps a traffic policy', () => {
    const dr = istio('DestinationRule', 'shop', 'api', {
      host: 'api',
      trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
      subsets: [
        { name: 'v1', labels: { version: 'v1' } },
        { name: 'v2', labels: { version: 'v2' } },
      ],
    });
    const base = [...sidecarShop(), meshVs, dr];
    const applied = [...base, ...stepOf(plan(base), 'create-routes').objects];
    const s = stepOf(plan(applied), 'cleanup');
    expect(s.deletes.map((d) => d.kind)).toEqual(['VirtualService']);
    expect(s.patches[0]?.patch).toEqual({ spec: { subsets: [{ name: 'v2', labels: { version: 'v2' } }] } });
  });

  it('skips every step when the namespace is missing', () => {
    const p = planNamespace(resourcesOf(...sidecarShop().filter((o) => o.kind !== 'Namespace')), 'shop');
    expect(p.steps.every((s) => s.skipped && s.patches.length === 0 && s.reason?.includes('not found'))).toBe(
      true,
    );
    expect(p.findings[0]?.id).toBe('namespace-missing:shop');
  });

  it('is deterministic', () => {
    const objects = [...sidecarShop(), l7Allow, meshVs, apiDr, service('shop', 'other', { app: 'other' })];
    expect(plan(objects)).toEqual(plan([...objects].reverse()));
  });
});

describe('the Ingress step', () => {
  const objs = () =>
    parseObjects(
      `apiVersion: v1
kind: Namespace
metadata: { name: web }
---
apiVersion: v1
kind: Service
metadata: { name: site, namespace: web }
spec: { ports: [{ name: http, port: 80 }] }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: site
  namespace: web
  annotations: { nginx.ingress.kubernetes.io/proxy-body-size: 2m }
spec:
  ingressClassName: nginx
  tls: [{ hosts: [site.example.com], secretName: site-tls }]
  rules:
    - host: site.example.com
      http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: site, port: { number: 80 } } } }] }
status:
  loadBalancer: { ingress: [{ ip: 203.0.113.7 }] }
`,
      'web.yaml',
    ).objects;

  it('creates the Gateway API form, spells out the address change, and deletes the Ingress only once it is in place', () => {
    const before = planNamespace(toResourceSet(objs()), 'web');
    const s = stepOf(before, 'migrate-ingress');
    expect(s.skipped).toBe(false);
    expect(s.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(
      expect.arrayContaining(['Gateway/ingress-nginx', 'HTTPRoute/site', 'HTTPRoute/site-https-redirect']),
    );
    expect(s.description).toContain('203.0.113.7');
    expect(s.description).toMatch(/point DNS/);
    expect(stepOf(before, 'cleanup').deletes.some((d) => d.kind === 'Ingress')).toBe(false);
    const after = planNamespace(toResourceSet([...objs(), ...s.objects]), 'web');
    expect(stepOf(after, 'cleanup').deletes).toContainEqual(
      expect.objectContaining({ kind: 'Ingress', namespace: 'web', name: 'site' }),
    );
  });

  it('writes the target policies of known kinds and names the rest for Envoy Gateway', () => {
    const s = stepOf(
      planNamespace(toResourceSet(objs()), 'web', { target: 'envoy-gateway' }),
      'migrate-ingress',
    );
    expect(s.objects.find((o) => o.kind === 'Gateway')?.spec).toMatchObject({ gatewayClassName: 'eg' });
    expect(s.description).toContain('BackendTrafficPolicy/web/site');
  });
});
