import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tarArchive } from './tar';

describe('tarArchive', () => {
  it('produces an archive that tar unpacks byte for byte', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mm-tar-'));
    const files = [
      {
        path: 'plan/README.md',
        content: '# Plan\n\nkubectl label ns shop istio.io/dataplane-mode=ambient\n',
      },
      { path: 'plan/01-deploy-waypoint.yaml', content: `${'x'.repeat(700)}\n` },
      { path: 'plan/empty.yaml', content: '' },
    ];
    await writeFile(path.join(dir, 'plan.tar'), tarArchive(files, Date.UTC(2026, 0, 1)));
    const r = spawnSync('tar', ['-xf', 'plan.tar'], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const f of files) expect(await readFile(path.join(dir, f.path), 'utf8')).toBe(f.content);
  });

  it('refuses names tar cannot hold', () => {
    expect(() => tarArchive([{ path: 'a'.repeat(120), content: '' }])).toThrow(/too long/);
  });
});
