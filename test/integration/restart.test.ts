import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, describe, expect, it } from 'vitest';
import { kindByKey } from '@/lib/k8s/kinds';
import { KubeClusterSource } from '@/lib/k8s/source';
import { startApiServer } from './apiserver';

async function sourceFor(kubeconfigPath: string, onError?: () => void): Promise<KubeClusterSource> {
  const kc = new KubeConfig();
  kc.loadFromString(await readFile(kubeconfigPath, 'utf8'));
  kc.setCurrentContext('admin');
  return new KubeClusterSource({ kc, onError });
}

async function until(fn: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('an API server that restarts mid-watch', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
  });

  it('reconnects, relists, and drops objects deleted while it was away', { timeout: 180_000 }, async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'mm-restart-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const first = await startApiServer({ dataDir, keepData: true, skipCrds: [] });
    const port = first.port;
    let errors = 0;
    const src = await sourceFor(first.kubeconfig, () => {
      errors += 1;
    });
    cleanup.push(() => src.stop());
    await src.start();
    await src.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'restart-a' } });
    await src.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'restart-b' } });
    const names = () => src.snapshot().resources.namespaces.map((n) => n.metadata.name);
    await until(() => names().includes('restart-b'), 'namespaces seen');

    await first.stop();
    await until(
      () => errors > 0 || src.snapshot().kinds.namespaces.state === 'error',
      'watch to notice the outage',
    );

    // While the server is down: a second server on the same data deletes one namespace and adds another.
    const second = await startApiServer({ dataDir, keepData: true, port, skipCrds: [] });
    cleanup.push(() => second.stop());
    const other = await sourceFor(second.kubeconfig);
    await other.delete(kindByKey('namespaces'), undefined, 'restart-a');
    await other.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'restart-c' } });

    await until(() => names().includes('restart-c'), 'new namespace after reconnect');
    // restart-a is Terminating or gone; either way it must reflect the server, not the stale cache.
    await until(() => {
      const a = src.snapshot().resources.namespaces.find((n) => n.metadata.name === 'restart-a');
      return !a || Boolean(a.metadata.deletionTimestamp);
    }, 'deleted namespace to disappear or terminate');
    expect(src.snapshot().kinds.namespaces.state).toBe('ok');
  });

  it('reports kinds whose CRDs are absent as missing, the rest loads', async () => {
    const bare = await startApiServer({ skipCrds: ['gateway'] });
    cleanup.push(() => bare.stop());
    const src = await sourceFor(bare.kubeconfig);
    cleanup.push(() => src.stop());
    await src.start();
    const k = src.snapshot().kinds;
    expect(k.httproutes.state).toBe('missing');
    expect(k.httproutes.message).toContain('httproutes.gateway.networking.k8s.io');
    expect(k.gateways.state).toBe('missing');
    expect(k.virtualservices.state).toBe('ok');
    expect(k.namespaces.state).toBe('ok');
  });
});
