import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FilesClusterSource } from './source';

describe('FilesClusterSource', () => {
  it('loads a directory of dumps, reports bad documents and unknown kinds, keeps the rest', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mm-files-'));
    await writeFile(
      path.join(dir, 'a.yaml'),
      [
        'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: shop}\n',
        'apiVersion: networking.istio.io/v1beta1\nkind: VirtualService\nmetadata: {name: vs, namespace: shop, managedFields: [{}]}\nspec: {hosts: [a]}\n',
        'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: shop}\n',
        'kind: {bad\n',
      ].join('---\n'),
    );
    await writeFile(path.join(dir, 'notes.txt'), 'ignored');
    const src = new FilesClusterSource([dir]);
    await src.start();
    const snap = src.snapshot();
    expect(snap.resources.namespaces.map((n) => n.metadata.name)).toEqual(['shop']);
    expect(snap.resources.virtualservices).toHaveLength(1);
    expect(snap.resources.virtualservices[0]?.metadata).not.toHaveProperty('managedFields');
    expect(snap.kinds.virtualservices.state).toBe('ok');
    expect(src.unknown.map((u) => u.ref)).toEqual(['Widget/shop/w']);
    expect(src.problems).toHaveLength(1);
    expect(src.problems[0]).toMatchObject({ file: path.join(dir, 'a.yaml'), document: 3 });
    await expect(src.apply()).rejects.toMatchObject({ status: 403 });
  });

  it('reports a path that does not exist', async () => {
    const src = new FilesClusterSource(['/nonexistent/dump.yaml']);
    await src.start();
    expect(src.problems[0]?.message).toBe('no such file or directory');
  });
});
