import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../cluster/source';
import { kindByKey } from '../k8s/kinds';
import { cluster, DEPLOY, deployment, NS, namespace, podsOf, virtualService } from './fixtures';
import { REDIRECTION, SIDECAR_STATUS } from './inject';

describe('DemoClusterSource: controllers', () => {
  it('a rollout restart after enrolling in ambient replaces sidecar pods with captured ones', async () => {
    const c = await cluster();
    const before = podsOf(c, 'app', 'web');
    expect(before.every((p) => p.metadata.annotations?.[SIDECAR_STATUS])).toBe(true);
    await c.mergePatch(NS, undefined, 'app', {
      metadata: { labels: { 'istio-injection': null, 'istio.io/dataplane-mode': 'ambient' } },
    });
    // Namespace labels alone do not touch running sidecar pods.
    expect(podsOf(c, 'app', 'web').map((p) => p.metadata.name)).toEqual(before.map((p) => p.metadata.name));
    expect(podsOf(c, 'app', 'web').some((p) => p.metadata.annotations?.[REDIRECTION])).toBe(false);
    await c.mergePatch(DEPLOY, 'app', 'web', {
      spec: {
        template: {
          metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' } },
        },
      },
    });
    // New pods start, old ones stay until the new ones are ready.
    expect(podsOf(c, 'app', 'web')).toHaveLength(4);
    expect(c.tick()).toBe(true);
    const after = podsOf(c, 'app', 'web');
    expect(after).toHaveLength(2);
    expect(after.some((p) => before.some((b) => b.metadata.name === p.metadata.name))).toBe(false);
    for (const p of after) {
      expect(p.metadata.annotations?.[SIDECAR_STATUS]).toBeUndefined();
      expect(p.metadata.annotations?.[REDIRECTION]).toBe('enabled');
      expect((p.spec as { containers: { name: string }[] }).containers.map((x) => x.name)).toEqual(['main']);
    }
    const dep = await c.get(DEPLOY, 'app', 'web');
    expect(dep?.status).toMatchObject({ replicas: 2, readyReplicas: 2, updatedReplicas: 2 });
    expect(dep?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(c.tick()).toBe(false);
  });

  it('istio-cni annotates running pods without a sidecar when the namespace turns ambient, and removes it after', async () => {
    const c = await cluster([namespace('plain'), deployment('plain', 'api')]);
    await c.mergePatch(NS, undefined, 'plain', {
      metadata: { labels: { 'istio.io/dataplane-mode': 'ambient' } },
    });
    expect(podsOf(c, 'plain', 'api').every((p) => p.metadata.annotations?.[REDIRECTION] === 'enabled')).toBe(
      true,
    );
    await c.mergePatch(NS, undefined, 'plain', { metadata: { labels: { 'istio.io/dataplane-mode': null } } });
    expect(podsOf(c, 'plain', 'api').some((p) => p.metadata.annotations?.[REDIRECTION])).toBe(false);
  });

  it('scaling a Deployment scales its ReplicaSet', async () => {
    const c = await cluster();
    await c.mergePatch(DEPLOY, 'app', 'web', { spec: { replicas: 5 } });
    expect(podsOf(c, 'app', 'web')).toHaveLength(5);
    await c.mergePatch(DEPLOY, 'app', 'web', { spec: { replicas: 1 } });
    expect(podsOf(c, 'app', 'web')).toHaveLength(1);
  });

  it('a waypoint Gateway gets a Deployment, Service, pod and Programmed status; routes get parent status', async () => {
    const c = await cluster([namespace('amb', { 'istio.io/dataplane-mode': 'ambient' })]);
    await c.apply({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'waypoint', namespace: 'amb', labels: { 'istio.io/waypoint-for': 'service' } },
      spec: {
        gatewayClassName: 'istio-waypoint',
        listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }],
      },
    });
    const s = c.snapshot();
    const gw = s.resources.gateways.find((g) => g.metadata.name === 'waypoint');
    expect(gw?.status?.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'Accepted', status: 'True' }),
        expect.objectContaining({ type: 'Programmed', status: 'True' }),
      ]),
    );
    const svc = s.resources.services.find(
      (x) => x.metadata.namespace === 'amb' && x.metadata.name === 'waypoint',
    );
    // As istiod writes it: the Service's cluster IP, then its name.
    expect(gw?.status?.addresses).toEqual([
      { type: 'IPAddress', value: (svc?.spec as { clusterIP?: string } | undefined)?.clusterIP },
      { type: 'Hostname', value: 'waypoint.amb.svc.cluster.local' },
    ]);
    expect(
      s.resources.deployments.some((d) => d.metadata.namespace === 'amb' && d.metadata.name === 'waypoint'),
    ).toBe(true);
    const pods = podsOf(c, 'amb', 'waypoint');
    expect(pods).toHaveLength(1);
    expect(pods[0]?.metadata.annotations?.[REDIRECTION]).toBeUndefined();

    await c.apply({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api', namespace: 'amb' },
      spec: { selector: { app: 'api' }, ports: [{ name: 'http', port: 80 }] },
    });
    await c.apply({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'api', namespace: 'amb' },
      spec: {
        parentRefs: [{ group: '', kind: 'Service', name: 'api', port: 80 }],
        rules: [
          {
            backendRefs: [
              { name: 'api', port: 80 },
              { name: 'missing', port: 80 },
            ],
          },
        ],
      },
    });
    const route = (await c.get(kindByKey('httproutes'), 'amb', 'api'))?.status as {
      parents: { conditions: { type: string; status: string }[] }[];
    };
    expect(route.parents[0]?.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'Accepted', status: 'True' }),
        expect.objectContaining({ type: 'ResolvedRefs', status: 'False' }),
      ]),
    );
    await c.delete(kindByKey('gateways'), 'amb', 'waypoint');
    expect(c.snapshot().resources.deployments.some((d) => d.metadata.namespace === 'amb')).toBe(false);
    expect(podsOf(c, 'amb', 'waypoint')).toHaveLength(0);
  });

  it('an ingress Gateway of class istio gets a <name>-istio Deployment and the address of its Service', async () => {
    const c = await cluster([
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'GatewayClass',
        metadata: { name: 'istio' },
        spec: { controllerName: 'istio.io/gateway-controller' },
      },
    ]);
    await c.apply({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'public', namespace: 'app' },
      spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
    });
    const s = c.snapshot();
    const gw = s.resources.gateways.find((g) => g.metadata.name === 'public');
    const lb = s.resources.services.find((x) => x.metadata.name === 'public-istio')?.status?.loadBalancer as
      | { ingress?: { ip?: string }[] }
      | undefined;
    expect(lb?.ingress?.[0]?.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(gw?.status?.addresses).toEqual([{ type: 'IPAddress', value: lb?.ingress?.[0]?.ip }]);
    expect(gw?.status?.conditions).toContainEqual(
      expect.objectContaining({ type: 'Programmed', status: 'True' }),
    );
    expect(s.resources.deployments.some((d) => d.metadata.name === 'public-istio')).toBe(true);
    const svc = s.resources.services.find((x) => x.metadata.name === 'public-istio');
    expect(svc?.spec?.type).toBe('LoadBalancer');
    // Gateway pods are never injected, even in an injection-enabled namespace.
    expect(podsOf(c, 'app', 'public-istio').every((p) => !p.metadata.annotations?.[SIDECAR_STATUS])).toBe(
      true,
    );
    expect(
      s.resources.gatewayclasses.find((g) => g.metadata.name === 'istio')?.status?.conditions,
    ).toContainEqual(expect.objectContaining({ type: 'Accepted', status: 'True' }));
  });

  it('controllers settle: a write without effect on controllers emits only its own event', async () => {
    const c = await cluster();
    const events: ChangeEvent[] = [];
    c.subscribe((e) => events.push(e));
    await c.apply({ ...virtualService(['x']) }, { force: true });
    expect(events).toHaveLength(1);
  });
});
