import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { CliIO } from '../io';
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

function memoryIO(files: Record<string, string>, stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
    readFile: async (p) => {
      const text = files[p];
      if (text === undefined) throw new Error(`ENOENT: no such file ${p}`);
      return text;
    },
    readStdin: async () => stdin,
    listDir: async (p) => {
      if (files[p] !== undefined) return [p];
      const inside = Object.keys(files)
        .filter((f) => f.startsWith(`${p}/`) && /\.(ya?ml|json)$/.test(f))
        .sort();
      if (inside.length === 0) throw new Error(`ENOENT: no such file or directory ${p}`);
      return inside;
    },
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('mesh-migrator convert', () => {
  it('reads a directory and a file together and prints YAML, warnings on stderr', async () => {
    const m = memoryIO({ 'in/vs.yaml': VS, 'in/sub/dr.yml': DR, 'svc.yaml': SERVICE, 'in/notes.txt': 'x' });
    expect(await runConvert(['-f', 'in', '-f', 'svc.yaml'], m.io)).toBe(0);
    const docs = parseAllDocuments(m.stdout()).map(
      (d) => d.toJS() as { kind: string; metadata: { name: string } },
    );
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'Service/reviews-v1',
      'HTTPRoute/reviews',
    ]);
    const lines = m.stderr().trim().split('\n');
    expect(lines).toContain(
      'error VirtualService/bookinfo/reviews spec.http[0].fault: fault injection has no Gateway API form; no delays or aborts are injected',
    );
    expect(lines.every((l) => /^(error|warning|info) \S+\/\S+\/\S+ \S+: /.test(l))).toBe(true);
  });

  it('reads stdin with -f -', async () => {
    const m = memoryIO({}, `${SERVICE}---\n${VS}`);
    expect(await runConvert(['-f', '-'], m.io)).toBe(0);
    expect(m.stdout()).toContain('kind: HTTPRoute');
  });

  it('prints JSON with resources and warnings', async () => {
    const m = memoryIO({ 'a.yaml': `${SERVICE}---\n${DR}---\n${VS}` });
    expect(await runConvert(['-f', 'a.yaml', '-o', 'json'], m.io)).toBe(0);
    const json = JSON.parse(m.stdout()) as {
      resources: { kind: string }[];
      warnings: { code: string; field: string }[];
    };
    expect(json.resources.map((r) => r.kind)).toEqual(['Service', 'HTTPRoute']);
    expect(json.warnings.map((w) => w.code)).toContain('fault');
    expect(m.stderr()).toBe('');
  });

  it('passes --channel and --gateway-class to the converter', async () => {
    const m = memoryIO({ 'a.yaml': `${SERVICE}---\n${VS}---\n${GATEWAY}` });
    expect(
      await runConvert(
        ['-f', 'a.yaml', '--channel', 'experimental', '--gateway-class', 'eg', '-o', 'json'],
        m.io,
      ),
    ).toBe(0);
    const json = JSON.parse(m.stdout()) as { resources: { kind: string; spec: Record<string, unknown> }[] };
    expect(json.resources.find((r) => r.kind === 'Gateway')?.spec.gatewayClassName).toBe('eg');
    const rules = json.resources.find((r) => r.kind === 'HTTPRoute')?.spec.rules as { retry?: unknown }[];
    expect(rules[0]?.retry).toEqual({ attempts: 2 });
  });

  it('exits 1 naming the file and document that cannot be parsed', async () => {
    const m = memoryIO({ 'bad.yaml': `${SERVICE}---\nkind: [unclosed\n` });
    expect(await runConvert(['-f', 'bad.yaml'], m.io)).toBe(1);
    expect(m.stderr()).toMatch(/^error: bad\.yaml#1: /);
    expect(m.stdout()).toBe('');
  });

  it('exits 1 when a path does not exist', async () => {
    const m = memoryIO({});
    expect(await runConvert(['-f', 'missing'], m.io)).toBe(1);
    expect(m.stderr()).toContain('missing#0: ENOENT');
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
    expect(m.stderr()).toContain(message);
    expect(m.stderr()).toContain('Usage: mesh-migrator convert');
  });

  it('prints help', async () => {
    const m = memoryIO({});
    expect(await runConvert(['--help'], m.io)).toBe(0);
    expect(m.stdout()).toContain('Usage: mesh-migrator convert');
  });
});
