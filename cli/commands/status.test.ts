import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../io';
import { main } from '../main';

function memoryIO() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
    readFile: async () => '',
    readStdin: async () => '',
    listDir: async () => [],
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

async function dump(text: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mm-cli-'));
  const f = path.join(dir, 'dump.yaml');
  await writeFile(f, text);
  return f;
}

describe('mesh-migrator status', () => {
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

  it('prints a table and reports malformed documents with exit code 1', async () => {
    const f = await dump('apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\nkind: [oops\n');
    const m = memoryIO();
    expect(await main(['status', '--from-files', f], m.io)).toBe(1);
    expect(m.out()).toMatch(/^KIND\s+GROUP\s+STATE\s+COUNT/m);
    expect(m.out()).toMatch(/^Namespace\s+core\s+ok\s+1/m);
    expect(m.err()).toContain(`${f}#1:`);
  });

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
