import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { memoryIO } from '../testing';
import { runConvert } from './convert';

const SERVICE = `apiVersion: v1
kind: Service
metadata: { name: reviews, namespace: bookinfo }
spec:
  selector: { app: reviews }
  ports: [{ name: http, port: 9080 }]
`;
const DR = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: bookinfo }
spec:
  host: reviews
  subsets: [{ name: v1, labels: { version: v1 } }]
`;
const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: bookinfo }
spec:
  hosts: [reviews]
  http:
    - route: [{ destination: { host: reviews, subset: v1 } }]
      fault: { abort: { httpStatus: 500, percentage: { value: 1 } } }
      retries: { attempts: 2 }
`;
const GATEWAY = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: gw, namespace: bookinfo }
spec:
  servers: [{ port: { number: 80, name: http, protocol: HTTP }, hosts: ["*"] }]
`;

describe('mesh-migrator convert', () => {
  it('reads a directory and a file together and prints YAML, warnings on stderr', async () => {
    const m = memoryIO({ 'in/vs.yaml': VS, 'in/sub/dr.yml': DR, 'svc.yaml': SERVICE, 'in/notes.txt': 'x' });
    expect(await runConvert(['-f', 'in', '-f', 'svc.yaml'], m.io)).toBe(0);
    const docs = parseAllDocuments(m.out()).map(
      (d) => d.toJS() as { kind: string; metadata: { name: string } },
    );
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'Service/reviews-v1',
      'HTTPRoute/reviews',
    ]);
    const lines = m.err().trim().split('\n');
    expect(lines).toContain(
      'error VirtualService/bookinfo/reviews spec.http[0].fault: fault injection has no Gateway API form; no delays or aborts are injected',
    );
    expect(lines.every((l) => /^(error|warning|info) \S+\/\S+\/\S+ \S+: /.test(l))).toBe(true);
  });

  it('reads stdin with -f -', async () => {
    const m = memoryIO({}, `${SERVICE}---\n${VS}`);
    expect(await runConvert(['-f', '-'], m.io)).toBe(0);
    expect(m.out()).toContain('kind: HTTPRoute');
  });

  it('prints JSON with resources and warnings', async () => {
    const m = memoryIO({ 'a.yaml': `${SERVICE}---\n${DR}---\n${VS}` });
    expect(await runConvert(['-f', 'a.yaml', '-o', 'json'], m.io)).toBe(0);
    const json = JSON.parse(m.out()) as {
      resources: { kind: string }[];
      warnings: { code: string; field: string }[];
    };
    expect(json.resources.map((r) => r.kind)).toEqual(['Service', 'HTTPRoute']);
    expect(json.warnings.map((w) => w.code)).toContain('fault');
    expect(m.err()).toBe('');
  });

  it('passes --channel and --gateway-class to the converter', async () => {
    const m = memoryIO({ 'a.yaml': `${SERVICE}---\n${VS}---\n${GATEWAY}` });
    expect(
      await runConvert(
        ['-f', 'a.yaml', '--channel', 'experimental', '--gateway-class', 'eg', '-o', 'json'],
        m.io,
      ),
    ).toBe(0);
    const json = JSON.parse(m.out()) as { resources: { kind: string; spec: Record<string, unknown> }[] };
    expect(json.resources.find((r) => r.kind === 'Gateway')?.spec.gatewayClassName).toBe('eg');
    const rules = json.resources.find((r) => r.kind === 'HTTPRoute')?.spec.rules as { retry?: unknown }[];
    expect(rules[0]?.retry).toEqual({ attempts: 2 });
  });

  it('exits 1 naming the file and document that cannot be parsed', async () => {
    const m = memoryIO({ 'bad.yaml': `${SERVICE}---\nkind: [unclosed\n` });
    expect(await runConvert(['-f', 'bad.yaml'], m.io)).toBe(1);
    expect(m.err()).toMatch(/^error: bad\.yaml#1: /);
    expect(m.out()).toBe('');
  });

  it('exits 1 when a path does not exist', async () => {
    const m = memoryIO({});
    expect(await runConvert(['-f', 'missing'], m.io)).toBe(1);
    expect(m.err()).toBe('error: missing: no such file or directory\n');
  });

  it.each([
    [['--nope'], 'Unknown option'],
    [[], 'at least one -f'],
    [['-f', 'a.yaml', '-o', 'table'], '-o must be yaml or json'],
    [['-f', 'a.yaml', '--channel', 'beta'], '--channel must be'],
    [['-f', '-', '-f', '-'], 'stdin'],
    [['extra'], 'Unexpected argument'],
  ])('exits 2 on usage errors: %j', async (argv, message) => {
    const m = memoryIO({ 'a.yaml': VS });
    expect(await runConvert(argv, m.io)).toBe(2);
    expect(m.err()).toContain(message);
    expect(m.err()).toContain('Usage: mesh-migrator convert');
  });

  it('prints help', async () => {
    const m = memoryIO({});
    expect(await runConvert(['--help'], m.io)).toBe(0);
    expect(m.out()).toContain('Usage: mesh-migrator convert');
  });

  it('lists the kinds it ignored, on stderr and in JSON', async () => {
    const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, namespace: bookinfo }\n';
    const PA =
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: { name: p, namespace: bookinfo }\n';
    const EF =
      'apiVersion: networking.istio.io/v1alpha3\nkind: EnvoyFilter\nmetadata: { name: e, namespace: bookinfo }\n';
    const m = memoryIO({
      'a.yaml': `${SERVICE}---\n${VS}---\n${CM}---\n${CM.replace('name: c', 'name: d')}---\n${PA}---\n${EF}`,
    });
    expect(await runConvert(['-f', 'a.yaml'], m.io)).toBe(0);
    const notes = m
      .err()
      .split('\n')
      .filter((l) => l.startsWith('note:'));
    expect(notes).toEqual([
      'note: ignored 2 ConfigMap (v1): not an input of the converter [bookinfo/c, bookinfo/d]',
      'note: ignored 1 EnvoyFilter (networking.istio.io/v1alpha3): an Istio kind the converter does not handle; convert it by hand [bookinfo/e]',
      'note: ignored 1 PeerAuthentication (security.istio.io/v1): not an input of the converter [bookinfo/p]',
    ]);
    const j = memoryIO({ 'a.yaml': `${SERVICE}---\n${VS}---\n${CM}` });
    expect(await runConvert(['-f', 'a.yaml', '-o', 'json'], j.io)).toBe(0);
    expect(JSON.parse(j.out()).ignored).toEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', count: 1, examples: ['bookinfo/c'] },
    ]);
  });

  it('skips non-Kubernetes YAML found in a directory with a note, but not a file named with -f', async () => {
    const files = {
      'in/vs.yaml': VS,
      'in/svc.yaml': SERVICE,
      'in/kustomization.yaml':
        'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [vs.yaml]\n',
      'in/values.yaml': 'replicaCount: 2\n',
    };
    const m = memoryIO(files);
    expect(await runConvert(['-f', 'in'], m.io)).toBe(0);
    expect(m.out()).toContain('kind: HTTPRoute');
    expect(m.err()).toContain(
      'note: in/kustomization.yaml#0: not a Kubernetes object (a Kustomization); skipped',
    );
    expect(m.err()).toContain(
      'note: in/values.yaml#0: not a Kubernetes object (no apiVersion, kind or metadata); skipped',
    );
    const named = memoryIO(files);
    expect(await runConvert(['-f', 'in/values.yaml'], named.io)).toBe(1);
    expect(named.err()).toContain('error: in/values.yaml#0: missing apiVersion, kind or metadata.name');
  });

  it('names the file of an alias bomb', async () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) {
      const [prev, cur] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
      lines.push(`${cur}: &${cur} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const m = memoryIO({ 'bomb.yaml': `${SERVICE}---\n${lines.join('\n')}\n` });
    expect(await runConvert(['-f', 'bomb.yaml'], m.io)).toBe(1);
    expect(m.err()).toMatch(/^error: bomb\.yaml#1: .*alias/i);
  });
});
