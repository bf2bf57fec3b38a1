import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../k8s/objects';
import { planNamespace } from './plan';
import {
  authorizationPolicy,
  deployment,
  namespace,
  pod,
  replicaSet,
  resourcesOf,
  service,
} from './test-fixtures';
import type { StepId } from './types';
import { verifyStep } from './verify';

const waypoint = (programmed: 'True' | 'False' | undefined): KubeObject => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: { name: 'waypoint', namespace: 'shop' },
  spec: { gatewayClassName: 'istio-waypoint' },
  ...(programmed ? { status: { conditions: [{ type: 'Programmed', status: programmed }] } } : {}),
});

/** A route attached to Service api, with the conditions its parent wrote (none: no status entry). */
const route = (accepted: boolean | undefined, resolved = true): KubeObject => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'api', namespace: 'shop' },
  spec: { parentRefs: [{ group: '', kind: 'Service', name: 'api' }] },
  status: {
    parents:
      accepted === undefined
        ? []
        : [
            {
              parentRef: { group: '', kind: 'Service', name: 'api' },
              controllerName: 'istio.io/gateway-controller',
              conditions: [
                { type: 'Accepted', status: accepted ? 'True' : 'False' },
                { type: 'ResolvedRefs', status: resolved ? 'True' : 'False', reason: 'BackendNotFound' },
              ],
            },
          ],
  },
});

/** A Gateway this tool created (managed-by label), with its Programmed condition. */
const ingress = (programmed: 'True' | 'False' | undefined): KubeObject => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: {
    name: 'public',
    namespace: 'shop',
    labels: { 'app.kubernetes.io/managed-by': 'mesh-migrator' },
  },
  spec: { gatewayClassName: 'istio' },
  ...(programmed
    ? { status: { conditions: [{ type: 'Programmed', status: programmed, reason: 'AddressNotAssigned' }] } }
    : {}),
});

const migratedNs = namespace('shop', {
  'istio.io/dataplane-mode': 'ambient',
  'istio.io/use-waypoint': 'waypoint',
});
const base = () => [
  service('shop', 'api', { app: 'api' }),
  deployment('shop', 'api', { app: 'api' }),
  replicaSet('shop', 'api', 'abc12'),
];
const ambientPod = pod('shop', 'api', { app: 'api' }, { ambient: true });
const sidecarPod = pod('shop', 'api', { app: 'api' }, { sidecar: true, index: 1 });
const pendingPod = pod('shop', 'api', { app: 'api' }, { index: 2 });
const gatewayPod: KubeObject = {
  ...pod('shop', 'waypoint', { 'gateway.networking.k8s.io/gateway-name': 'waypoint' }, { index: 3 }),
  spec: { containers: [{ name: 'istio-proxy', args: ['proxy', 'waypoint'] }] },
};

function check(objects: KubeObject[], step: StepId, name: string) {
  return verifyStep(resourcesOf(...objects), 'shop', step).checks.find((c) => c.name === name);
}

describe('verifyStep', () => {
  it.each([
    ['deploy-waypoint', [migratedNs, waypoint('True')], 'waypoint programmed', true],
    ['deploy-waypoint', [migratedNs, waypoint('False')], 'waypoint programmed', false],
    ['deploy-waypoint', [migratedNs, waypoint(undefined)], 'waypoint programmed', false],
    ['deploy-waypoint', [migratedNs], 'waypoint programmed', false],
    ['create-routes', [migratedNs, route(true)], 'routes accepted', true],
    ['create-routes', [migratedNs, route(false)], 'routes accepted', false],
    ['create-routes', [migratedNs, route(undefined)], 'routes accepted', false],
    ['create-routes', [migratedNs, route(true)], 'route references resolved', true],
    ['create-routes', [migratedNs, route(true, false)], 'route references resolved', false],
    ['migrate-ingress', [migratedNs, route(true), ingress('True')], 'gateways programmed', true],
    ['migrate-ingress', [migratedNs, route(true), ingress('False')], 'gateways programmed', false],
    ['migrate-ingress', [migratedNs, route(true), ingress(undefined)], 'gateways programmed', false],
    ['use-waypoint', [namespace('shop', {}), waypoint('True')], 'use-waypoint label', false],
    ['enable-ambient', [migratedNs], 'ambient label', true],
    ['enable-ambient', [namespace('shop', {})], 'ambient label', false],
    ['remove-injection', [namespace('shop', { 'istio.io/rev': 'x' })], 'injection labels removed', false],
    [
      'remove-injection',
      [namespace('shop', { 'istio-injection': 'disabled' })],
      'injection labels removed',
      true,
    ],
    ['restart-workloads', [migratedNs, ...base(), ambientPod, gatewayPod], 'pods without sidecars', true],
    ['restart-workloads', [migratedNs, ...base(), ambientPod, sidecarPod], 'pods without sidecars', false],
    ['restart-workloads', [migratedNs, ...base(), ambientPod, pendingPod], 'pods captured by ztunnel', false],
    ['restart-workloads', [migratedNs, ...base(), ambientPod, gatewayPod], 'pods captured by ztunnel', true],
  ] as const)('%s: %#', (step, objects, name, ok) => {
    expect(check([...objects], step, name)?.ok).toBe(ok);
  });

  it('verify passes on a migrated namespace and flags a pending clean-up as advisory only', () => {
    const l7 = authorizationPolicy('shop', 'api-get', {
      selector: { matchLabels: { app: 'api' } },
      rules: [{ to: [{ operation: { methods: ['GET'] } }] }],
    });
    const objects = [migratedNs, waypoint('True'), route(true), ...base(), ambientPod, l7];
    const r = verifyStep(resourcesOf(...objects), 'shop', 'verify');
    expect(r.ok).toBe(true);
    expect(r.checks.find((c) => c.advisory)?.detail).toMatch(/api-get/);
    expect(verifyStep(resourcesOf(...objects, sidecarPod), 'shop', 'verify').ok).toBe(false);
  });

  it("checks that a plan's objects exist", () => {
    const l7 = authorizationPolicy('shop', 'api-get', {
      selector: { matchLabels: { app: 'api' } },
      rules: [{ to: [{ operation: { methods: ['GET'] } }] }],
    });
    const objects = [namespace('shop', { 'istio-injection': 'enabled' }), ...base(), l7];
    const plan = planNamespace(resourcesOf(...objects), 'shop');
    const missing = verifyStep(resourcesOf(...objects), 'shop', 'migrate-policies', { plan });
    expect(missing.ok).toBe(false);
    expect(missing.checks[0]?.detail).toMatch(/api-get-waypoint/);
    const created = plan.steps.find((s) => s.id === 'migrate-policies')?.objects ?? [];
    expect(verifyStep(resourcesOf(...objects, ...created), 'shop', 'migrate-policies', { plan }).ok).toBe(
      true,
    );
  });
});
