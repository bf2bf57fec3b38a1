import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../main';
import { memoryIO } from '../testing';
import { sourceLine } from './status';

async function dump(text: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mm-cli-'));
  const f = path.join(dir, 'dump.yaml');
  await writeFile(f, text);
  return f;
}

describe('mesh-migrator status', () => {
  // main() loads commands on use; load this one before the timed tests.
  beforeAll(() => import('./status'), 60_000);

  it('prints kinds and counts from files as JSON', async () => {
    const f = await dump(
      'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Namespace, metadata: {name: a}}\n- {apiVersion: v1, kind: Namespace, metadata: {name: b}}\n- {apiVersion: v1, kind: Pod, metadata: {name: p, namespace: a}}\n',
    );
    const m = memoryIO();
    expect(await main(['status', '--from-files', f, '-o', 'json'], m.io)).toBe(0);
    const report = JSON.parse(m.out());
    expect(report.source).toMatchObject({ source: 'files', readOnly: true });
    const byKind = Object.fromEntries(
      report.kinds.map((k: { kind: string; group: string; count: number }) => [
        `${k.group}/${k.kind}`,
        k.count,
      ]),
    );
    expect(byKind['/Namespace']).toBe(2);
    expect(byKind['/Pod']).toBe(1);
    expect(byKind['networking.istio.io/VirtualService']).toBe(0);
  });

  it('classifies namespaces and workloads from a dump', async () => {
    const f = await dump(
      [
        'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {istio-injection: enabled}}',
        'apiVersion: v1\nkind: Namespace\nmetadata: {name: orders, labels: {istio.io/dataplane-mode: ambient}}',
        'apiVersion: v1\nkind: Pod\nmetadata: {name: cart-1, namespace: shop, annotations: {sidecar.istio.io/status: "{}"}}\nspec: {containers: [{name: app}, {name: istio-proxy}]}',
        'apiVersion: v1\nkind: Pod\nmetadata: {name: api-1, namespace: orders, annotations: {ambient.istio.io/redirection: enabled}}\nspec: {containers: [{name: app}]}',
        'apiVersion: v1\nkind: Pod\nmetadata: {name: api-2, namespace: orders}\nspec: {containers: [{name: app}]}',
      ].join('\n---\n'),
    );
    const m = memoryIO();
    expect(await main(['status', '--from-files', f, '-o', 'json'], m.io)).toBe(0);
    const r = JSON.parse(m.out());
    const ns = Object.fromEntries(r.namespaces.map((n: { name: string }) => [n.name, n]));
    expect(ns.shop).toMatchObject({
      state: 'sidecar',
      pods: { sidecar: 1, ambient: 0, ambientPending: 0, none: 0 },
      waypoint: null,
    });
    expect(ns.orders).toMatchObject({
      state: 'mixed',
      pods: { sidecar: 0, ambient: 1, ambientPending: 1, none: 0 },
    });
    const wl = Object.fromEntries(r.workloads.map((w: { name: string }) => [w.name, w]));
    expect(wl['cart-1']).toMatchObject({ namespace: 'shop', kind: 'Pod', dataplane: 'sidecar' });
    expect(wl['api-2']).toMatchObject({ dataplane: 'ambient-pending' });
    expect(typeof wl['api-2'].reason).toBe('string');
    // The sidecar of cart-1 has no requests: Istio's default 100m / 128Mi.
    expect(ns.shop.resources).toEqual({
      sidecar: { cpuRequestMillicores: 100, memoryRequestBytes: 128 * 2 ** 20 },
      ambientProjected: { cpuRequestMillicores: 0, memoryRequestBytes: 0 },
    });
    expect(r.resources.sidecar).toEqual({ cpuRequestMillicores: 100, memoryRequestBytes: 128 * 2 ** 20 });
    // No ztunnel in the dump: one node at the chart default.
    expect(r.resources.ambientProjected).toEqual({
      cpuRequestMillicores: 200,
      memoryRequestBytes: 512 * 2 ** 20,
    });
  });

  it('prints a table and reports malformed documents with exit code 1', async () => {
    const f = await dump('apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\nkind: [oops\n');
    const m = memoryIO();
    expect(await main(['status', '--from-files', f], m.io)).toBe(1);
    expect(m.out()).toMatch(/^KIND\s+GROUP\s+STATE\s+COUNT/m);
    expect(m.out()).toMatch(/^Namespace\s+core\s+ok\s+1/m);
    expect(m.err()).toContain(`${f}#1:`);
  });

  it.each([
    [
      'a path that does not exist',
      () => Promise.resolve('/nonexistent/dump.yaml'),
      'no such file or directory',
    ],
    ['an empty file', () => dump(''), 'holds no Kubernetes objects'],
  ])(
    'with nothing read (%s) prints the error, not empty tables, and exits 1',
    async (_name, file, reason) => {
      const f = await file();
      const m = memoryIO();
      expect(await main(['status', '--from-files', f], m.io)).toBe(1);
      expect(m.out()).toBe('');
      expect(m.err()).toBe(`error: ${f}: ${reason}\n`);
    },
  );

  it.each([
    [{ source: 'demo', name: 'demo' }, 'demo'],
    [{ source: 'kube', name: 'staging', server: 'https://10.0.0.1' }, 'kube staging (https://10.0.0.1)'],
    [{ source: 'files', name: 'dump.yaml' }, 'files dump.yaml'],
  ])('names the source once: %j', (info, want) => {
    expect(sourceLine(info)).toBe(want);
  });

  it('prints "Source: demo" for the demo cluster', async () => {
    const m = memoryIO();
    await main(['status', '--demo'], m.io);
    expect(m.out()).toMatch(/^Source: demo\n/);
  }, 30_000);

  it.each([
    [['status', '-o', 'xml', '--from-files', 'x']],
    [['status', '--bogus']],
    [['status', '--demo', '--from-files', 'x']],
    [['nope']],
    [[]],
  ])('usage errors exit 2: %j', async (argv) => {
    const m = memoryIO();
    expect(await main(argv, m.io)).toBe(2);
  });
});

describe('mesh-migrator status services', () => {
  it('reports the waypoint a workload’s Services go through (namespace waypoint)', async () => {
    const f = await dump(
      [
        'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {istio.io/dataplane-mode: ambient, istio.io/use-waypoint: waypoint}}',
        'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: waypoint, namespace: shop, labels: {istio.io/waypoint-for: service}}\nspec: {gatewayClassName: istio-waypoint, listeners: [{name: mesh, port: 15008, protocol: HBONE}]}\nstatus: {conditions: [{type: Programmed, status: "True"}]}',
        'apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}\nspec: {selector: {app: api}, ports: [{port: 80}]}',
        'apiVersion: v1\nkind: Pod\nmetadata: {name: api-1, namespace: shop, labels: {app: api}, annotations: {ambient.istio.io/redirection: enabled}}\nspec: {containers: [{name: app}]}',
      ].join('\n---\n'),
    );
    const m = memoryIO();
    expect(await main(['status', '--from-files', f, '-o', 'json'], m.io)).toBe(0);
    const w = JSON.parse(m.out()).workloads.find((x: { name: string }) => x.name === 'api-1');
    expect(w.services).toEqual([{ name: 'shop/api', waypoint: 'shop/waypoint' }]);
  });
});
