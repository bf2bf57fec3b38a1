import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { UsageError } from '../io';
import { memoryIO } from '../testing';
import { runPlan } from './plan';

const DUMP = `apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Namespace, metadata: {name: shop, labels: {istio-injection: enabled}}}
- {apiVersion: v1, kind: Service, metadata: {name: api, namespace: shop}, spec: {selector: {app: api}, ports: [{name: http, port: 80}]}}
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: api, namespace: shop}
  spec: {selector: {matchLabels: {app: api}}, template: {metadata: {labels: {app: api}}, spec: {containers: [{name: app, image: app}]}}}
- apiVersion: v1
  kind: Pod
  metadata: {name: api-1, namespace: shop, labels: {app: api}, annotations: {sidecar.istio.io/status: '{}'}, ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: api-abc, uid: u1, controller: true}]}
  spec: {containers: [{name: app, image: app}, {name: istio-proxy, image: proxyv2:1.26.0}]}
- apiVersion: apps/v1
  kind: ReplicaSet
  metadata: {name: api-abc, namespace: shop, uid: u1, ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: api, uid: u0, controller: true}]}
- apiVersion: security.istio.io/v1
  kind: AuthorizationPolicy
  metadata: {name: api-get, namespace: shop}
  spec: {selector: {matchLabels: {app: api}}, rules: [{to: [{operation: {methods: [GET]}}]}]}
- {apiVersion: networking.istio.io/v1alpha3, kind: EnvoyFilter, metadata: {name: lua, namespace: shop}, spec: {configPatches: []}}
`;

async function dump(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mm-plan-'));
  const f = path.join(dir, 'dump.yaml');
  await writeFile(f, DUMP);
  return f;
}

describe('mesh-migrator plan', () => {
  it('prints the plan of a dump as JSON', async () => {
    const m = memoryIO();
    expect(await runPlan(['--namespace', 'shop', '--from-files', await dump(), '-o', 'json'], m.io)).toBe(0);
    const plan = JSON.parse(m.out());
    expect(plan.namespace).toBe('shop');
    expect(plan.findings[0]).toMatchObject({ id: 'envoyfilter:shop/lua', severity: 'blocker' });
    expect(plan.findings[0].fix).toBeTruthy();
    expect(plan.steps.map((s: { id: string }) => s.id)).toEqual([
      'deploy-waypoint',
      'migrate-policies',
      'create-routes',
      'migrate-ingress',
      'use-waypoint',
      'enable-ambient',
      'remove-injection',
      'restart-workloads',
      'verify',
      'cleanup',
    ]);
    const policies = plan.steps[1];
    expect(policies.skipped).toBe(false);
    expect(policies.objects.map((o: { metadata: { name: string } }) => o.metadata.name)).toEqual([
      'api-get-waypoint',
      'api-deny-waypoint-bypass',
    ]);
    expect(plan.steps[7].patches[0].target).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'shop',
      name: 'api',
    });
    expect(plan.steps[9]).toMatchObject({ skipped: true, deletes: [] });
  });

  it('prints YAML and a text summary', async () => {
    const f = await dump();
    const y = memoryIO();
    expect(await runPlan(['-n', 'shop', '--from-files', f, '-o', 'yaml', '--waypoint', 'wp'], y.io)).toBe(0);
    expect(parse(y.out()).waypoint).toEqual({ name: 'wp', namespace: 'shop' });
    const t = memoryIO();
    expect(await runPlan(['-n', 'shop', '--from-files', f], t.io)).toBe(0);
    expect(t.out()).toMatch(/Findings: \d+ \(1 blocker\)/);
    expect(t.out()).toMatch(/^ {2}6\. enable-ambient +Enable ambient mode$/m);
    expect(t.out()).toMatch(/apply {2}AuthorizationPolicy\/shop\/api-get-waypoint/);
  });

  it('lets cert-manager issue the certificates of the converted Gateway', async () => {
    const run = async (extra: string[]) => {
      const m = memoryIO();
      expect(await runPlan(['-n', 'bookinfo', '--demo', '-o', 'json', ...extra], m.io)).toBe(0);
      const routes = JSON.parse(m.out()).steps[2] as {
        objects: { kind: string; metadata: { annotations?: Record<string, string> } }[];
      };
      return routes.objects;
    };
    const grant = await run([]);
    expect(grant.some((o) => o.kind === 'ReferenceGrant')).toBe(true);
    const managed = await run(['--certificates', 'cert-manager']);
    const gw = managed.find((o) => o.kind === 'Gateway');
    expect(gw?.metadata.annotations?.['cert-manager.io/cluster-issuer']).toBe('vault-issuer');
    expect(managed.some((o) => o.kind === 'ReferenceGrant')).toBe(false);
  }, 60_000);

  it.each([
    [['-n', 'shop', '--certificates', 'acme', '--from-files', 'x']],
    [['--from-files', 'x']],
    [['-n', 'shop', '-o', 'xml', '--from-files', 'x']],
    [['-n', 'shop', '--bogus']],
    [['-n', 'Shop_1', '--from-files', 'x']],
    [['-n', 'x'.repeat(64), '--from-files', 'x']],
  ])('rejects bad usage (exit 2 in main): %j', async (argv) => {
    const e = await runPlan(argv, memoryIO().io).catch((x: unknown) => x);
    expect(
      e instanceof UsageError || String((e as { code?: string }).code).startsWith('ERR_PARSE_ARGS'),
    ).toBe(true);
  });
});

it('says what a namespace name may hold', async () => {
  await expect(runPlan(['-n', '../etc', '--demo'], memoryIO().io)).rejects.toThrow(
    '--namespace must be a namespace name (lower-case letters, digits and -), not "../etc"',
  );
});

describe('mesh-migrator plan --export', () => {
  it('writes the GitOps bundle as files and never overwrites one', async () => {
    const files: Record<string, string> = {};
    const m = memoryIO(files);
    const f = await dump();
    expect(await runPlan(['-n', 'shop', '--from-files', f, '--export', 'out'], m.io)).toBe(0);
    expect(Object.keys(files)).toContain('out/README.md');
    expect(Object.keys(files).some((p) => /^out\/\d\d-migrate-policies\.yaml$/.test(p))).toBe(true);
    expect(m.out()).toContain('wrote out/README.md');
    const again = memoryIO(files);
    await expect(runPlan(['-n', 'shop', '--from-files', f, '--export', 'out'], again.io)).rejects.toThrow(
      /EEXIST/,
    );
  });

  it('exports what the certificate choice produces, and says which choice it was', async () => {
    const exported = async (extra: string[]) => {
      const files: Record<string, string> = {};
      expect(
        await runPlan(['-n', 'storefront', '--demo', '--export', 'out', ...extra], memoryIO(files).io),
      ).toBe(0);
      const routes =
        Object.entries(files).find(([p]) => /^out\/\d\d-create-routes\.yaml$/.test(p))?.[1] ?? '';
      const objects = parseAllDocuments(routes).map(
        (d) => d.toJS() as { kind: string; metadata: { annotations?: Record<string, string> } },
      );
      return { objects, readme: files['out/README.md'] ?? '' };
    };
    const grant = await exported([]);
    expect(grant.objects.some((o) => o.kind === 'ReferenceGrant')).toBe(true);
    expect(
      grant.objects.find((o) => o.kind === 'Gateway')?.metadata.annotations?.[
        'cert-manager.io/cluster-issuer'
      ],
    ).toBeUndefined();
    expect(grant.readme).toContain('Chosen: `reference-grant`');
    const managed = await exported(['--certificates', 'cert-manager']);
    expect(managed.objects.some((o) => o.kind === 'ReferenceGrant')).toBe(false);
    expect(
      managed.objects.find((o) => o.kind === 'Gateway')?.metadata.annotations?.[
        'cert-manager.io/cluster-issuer'
      ],
    ).toBe('letsencrypt-prod');
    expect(managed.readme).toContain('Chosen: `cert-manager`');
    expect(managed.readme).toContain(
      'Gateway/storefront/storefront-gateway: annotated cert-manager.io/cluster-issuer=letsencrypt-prod',
    );
    // The certificate findings are plan findings, named with the step they concern.
    expect(managed.readme).toMatch(
      /\*\*warning\*\* `certificate-not-ready:istio-system\/storefront-tls` \([^)]*, step `create-routes`\)/,
    );
  }, 60_000);
});
