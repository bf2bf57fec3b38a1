import { describe, expect, it } from 'vitest';
import { createDemoCluster } from '../../lib/demo';
import type { KubeObject } from '../../lib/k8s/objects';
import { UsageError } from '../io';
import { memoryIO } from '../testing';
import { runWaves } from './waves';

const ns = (name: string, labels: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels },
});

const OBJECTS: KubeObject[] = [
  ns('a', { 'istio-injection': 'enabled' }),
  ns('b', { 'istio-injection': 'enabled' }),
  ns('done', { 'istio.io/dataplane-mode': 'ambient' }),
  ns('blocked', { 'istio-injection': 'enabled' }),
  {
    apiVersion: 'networking.istio.io/v1alpha3',
    kind: 'EnvoyFilter',
    metadata: { name: 'lua', namespace: 'blocked' },
    spec: {},
  },
];

describe('mesh-migrator waves', () => {
  it('prints waves, held-back namespaces and those done as JSON', async () => {
    const src = createDemoCluster({ objects: OBJECTS, tickMs: 0 });
    const m = memoryIO();
    expect(await runWaves(['--demo', '-o', 'json', '--max-per-wave', '1'], m.io, () => src)).toBe(0);
    const r = JSON.parse(m.out());
    expect(
      r.waves.map((w: { namespaces: { namespace: string }[] }) => w.namespaces.map((e) => e.namespace)),
    ).toEqual([['a'], ['b']]);
    expect(r.blocked[0]).toMatchObject({ namespace: 'blocked' });
    expect(r.done).toEqual(['done']);
  });

  it('prints reasons as text and refuses a bad --max-per-wave', async () => {
    const src = createDemoCluster({ objects: OBJECTS, tickMs: 0 });
    const m = memoryIO();
    expect(await runWaves(['--demo'], m.io, () => src)).toBe(0);
    expect(m.out()).toContain('Wave 1\n  a\n      no namespace calls it');
    expect(m.out()).toContain('Held back\n  blocked\n      1 blocker to fix first');
    await expect(runWaves(['--demo', '--max-per-wave', '0'], memoryIO().io, () => src)).rejects.toThrow(
      UsageError,
    );
  });
});
