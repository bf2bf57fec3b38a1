import { describe, expect, it } from 'vitest';
import { memoryIO } from '../testing';
import { runConvert } from './convert';

const INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: site
  namespace: web
  annotations:
    nginx.ingress.kubernetes.io/proxy-body-size: 4m
spec:
  ingressClassName: nginx
  rules:
    - host: site.example.com
      http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: site, port: { number: 80 } } } }] }
`;

interface Out {
  resources: { kind: string; metadata: { name: string }; spec: Record<string, unknown> }[];
  warnings: { resource: string; code: string; severity: string }[];
}

describe('mesh-migrator convert with Ingresses and targets', () => {
  it('converts an Ingress file to JSON with the same shape', async () => {
    const m = memoryIO({ 'ing.yaml': INGRESS });
    expect(await runConvert(['-f', 'ing.yaml', '-o', 'json'], m.io)).toBe(0);
    const out = JSON.parse(m.out()) as Out;
    expect(out.resources.map((r) => `${r.kind}/${r.metadata.name}`)).toEqual([
      'Gateway/ingress-nginx',
      'HTTPRoute/site',
    ]);
    expect(out.resources[0]?.spec).toMatchObject({ gatewayClassName: 'istio' });
    expect(out.warnings).toContainEqual(
      expect.objectContaining({
        resource: 'Ingress/web/site',
        code: 'target-unsupported',
        severity: 'error',
      }),
    );
  });

  it('--target nginx uses its class and writes its policy; --gateway-class still wins', async () => {
    const m = memoryIO({ 'ing.yaml': INGRESS });
    expect(await runConvert(['-f', 'ing.yaml', '-o', 'json', '--target', 'nginx'], m.io)).toBe(0);
    const out = JSON.parse(m.out()) as Out;
    expect(out.resources.find((r) => r.kind === 'Gateway')?.spec).toMatchObject({
      gatewayClassName: 'nginx',
    });
    expect(out.resources.find((r) => r.kind === 'ClientSettingsPolicy')?.spec).toMatchObject({
      body: { maxSize: '4m' },
    });
    const m2 = memoryIO({ 'ing.yaml': INGRESS });
    expect(
      await runConvert(
        ['-f', 'ing.yaml', '-o', 'json', '--target', 'nginx', '--gateway-class', 'ngf'],
        m2.io,
      ),
    ).toBe(0);
    expect((JSON.parse(m2.out()) as Out).resources.find((r) => r.kind === 'Gateway')?.spec).toMatchObject({
      gatewayClassName: 'ngf',
    });
  });

  it('--report prints each source per target', async () => {
    const m = memoryIO({ 'ing.yaml': INGRESS });
    expect(await runConvert(['-f', 'ing.yaml', '--report'], m.io)).toBe(0);
    expect(m.out()).toMatch(/^Ingress\/web\/site +CANNOT +policy +policy$/m);
    expect(m.out()).toContain(
      'istio: Ingress/web/site cannot carry metadata.annotations["nginx.ingress.kubernetes.io/proxy-body-size"]\n  metadata.annotations["nginx.ingress.kubernetes.io/proxy-body-size"]: ',
    );
    const j = memoryIO({ 'ing.yaml': INGRESS });
    expect(await runConvert(['-f', 'ing.yaml', '--report', '-o', 'json'], j.io)).toBe(0);
    expect(JSON.parse(j.out())).toMatchObject({ totals: { istio: { cannot: 1 }, nginx: { policy: 1 } } });
  });

  it('refuses an unknown target with exit code 2', async () => {
    const m = memoryIO({ 'ing.yaml': INGRESS });
    expect(await runConvert(['-f', 'ing.yaml', '--target', 'traefik'], m.io)).toBe(2);
    expect(m.err()).toContain('--target must be one of istio, envoy-gateway, nginx');
  });
});
