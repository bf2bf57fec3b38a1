import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readObjects } from './read';

describe('readObjects', () => {
  it.each([
    ['an empty file', ''],
    ['only document separators', '---\n---\n'],
    ['only comments', '# nothing here yet\n'],
  ])('a file named on its own that holds %s is a problem', async (_name, text) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mm-read-'));
    const file = path.join(dir, 'dump.yaml');
    await writeFile(file, text);
    const r = await readObjects([file]);
    expect(r.objects).toEqual([]);
    expect(r.problems).toEqual([{ file, message: 'holds no Kubernetes objects' }]);
  });

  it('an empty file found in a directory is passed over', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mm-read-'));
    await mkdir(path.join(dir, 'sub'));
    await writeFile(path.join(dir, 'sub', 'empty.yaml'), '');
    await writeFile(path.join(dir, 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n');
    const r = await readObjects([dir]);
    expect(r.objects.map((o) => o.metadata.name)).toEqual(['shop']);
    expect(r.problems).toEqual([]);
  });
});
