import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioCandidates } from './scenario';

describe('scenarioCandidates', () => {
  it('uses MESH_MIGRATOR_SCENARIO alone when set, relative to the working directory', () => {
    expect(scenarioCandidates({ MESH_MIGRATOR_SCENARIO: 'my/scn' }, '/repo')).toEqual([
      path.resolve('/repo/my/scn'),
    ]);
  });

  it('looks in the working directory, its parents, then beside the script', () => {
    const c = scenarioCandidates({}, '/a/b', '/pkg/bin/cli.cjs');
    expect(c).toEqual([
      path.join('/a/b', 'scenarios', 'demo'),
      path.join('/a', 'scenarios', 'demo'),
      path.join('/', 'scenarios', 'demo'),
      path.join('/pkg', 'scenarios', 'demo'),
    ]);
  });
});
