import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSecret } from './keys';

describe('loadSecret', () => {
  it('takes MESH_MIGRATOR_SECRET, so replicas share it', () => {
    const s = loadSecret({ MESH_MIGRATOR_SECRET: 'x'.repeat(40) });
    expect(s.origin).toBe('env');
    expect(s.secret.toString()).toBe('x'.repeat(40));
  });

  it('takes the file MESH_MIGRATOR_SECRET_FILE (a mounted Secret)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mm-secret-'));
    const file = path.join(dir, 'secret');
    writeFileSync(file, `${'k'.repeat(48)}\n`);
    const s = loadSecret({ MESH_MIGRATOR_SECRET_FILE: file });
    expect(s).toMatchObject({ origin: 'file' });
    expect(s.secret.toString()).toBe('k'.repeat(48));
  });

  it('refuses a short secret', () => {
    expect(() => loadSecret({ MESH_MIGRATOR_SECRET: 'short' })).toThrow(/at least 32/);
  });

  it('generates one otherwise, different each start', () => {
    const a = loadSecret({});
    const b = loadSecret({});
    expect(a.origin).toBe('generated');
    expect(a.secret.equals(b.secret)).toBe(false);
  });
});
