import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kindByKey } from '../k8s/kinds';
import { etcdKey, writePreload } from './preload';

describe('etcd keys of the test API server', () => {
  it.each([
    ['pods', 'shop', 'web-1', '/registry/pods/shop/web-1'],
    ['namespaces', undefined, 'shop', '/registry/namespaces/shop'],
    ['services', 'shop', 'web', '/registry/services/specs/shop/web'],
    ['deployments', 'shop', 'web', '/registry/deployments/shop/web'],
    ['ingresses', 'shop', 'web', '/registry/ingress/shop/web'],
    ['virtualservices', 'shop', 'web', '/registry/networking.istio.io/virtualservices/shop/web'],
    ['httproutes', 'shop', 'web', '/registry/gateway.networking.k8s.io/httproutes/shop/web'],
  ] as const)('%s %s/%s', (kind, ns, name, key) => {
    expect(etcdKey(kindByKey(kind), ns, name)).toBe(key);
  });

  it('writes one line per object with what a create would have set', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'preload-'));
    try {
      const file = path.join(dir, 'p.jsonl');
      const n = await writePreload(
        [
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', resourceVersion: '9' } },
          { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'shop' }, spec: {} },
        ],
        file,
      );
      const lines = readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(n).toBe(2);
      expect(lines[0].key).toBe('/registry/namespaces/shop');
      expect(lines[0].object.status).toEqual({ phase: 'Active' });
      expect(lines[0].object.metadata.resourceVersion).toBeUndefined();
      expect(lines[1].object.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
      expect(lines[1].object.metadata.creationTimestamp).toMatch(/Z$/);
      await expect(
        writePreload([{ apiVersion: 'x/v1', kind: 'Nope', metadata: { name: 'a' } }], file),
      ).rejects.toThrow(/not a known kind/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
