import { describe, expect, it } from 'vitest';
import { kindByKey } from '../../lib/k8s/kinds';
import { UsageError } from '../io';
import { memoryIO, shopCluster } from '../testing';
import { runApply } from './apply';

const label = async (src: ReturnType<typeof shopCluster>['src']) =>
  (await src.get(kindByKey('namespaces'), undefined, 'shop'))?.metadata.labels?.['istio.io/dataplane-mode'];

describe('mesh-migrator apply', () => {
  it('prints the preview and refuses without --yes', async () => {
    const c = shopCluster();
    const m = memoryIO();
    expect(await runApply(['-n', 'shop', '--step', 'enable-ambient', '--demo'], m.io, c.make)).toBe(1);
    expect(m.out()).toContain('update    Namespace/shop');
    expect(m.out()).toContain('+    istio.io/dataplane-mode: ambient');
    expect(m.out()).toMatch(/Confirmation: enable-ambient:1:/);
    expect(m.err()).toMatch(/re-run with --yes/);
    expect(await label(c.src)).toBeUndefined();
  });

  it('--dry-run prints the diff and exits 0', async () => {
    const c = shopCluster();
    const m = memoryIO();
    expect(
      await runApply(['-n', 'shop', '--step', 'restart-workloads', '--dry-run', '--demo'], m.io, c.make),
    ).toBe(0);
    expect(m.out()).toMatch(/\+ +kubectl\.kubernetes\.io\/restartedAt: /);
    expect(m.err()).toBe('');
  });

  it('applies with --yes, records it, and rolls back', async () => {
    const c = shopCluster();
    const m = memoryIO();
    expect(await runApply(['-n', 'shop', '--step', 'enable-ambient', '--yes', '--demo'], m.io, c.make)).toBe(
      0,
    );
    expect(m.out()).toMatch(/^applied: step enable-ambient in namespace shop$/m);
    const id = /record: (\S+)/.exec(m.out())?.[1];
    expect(id).toBe('shop/mesh-migrator-record-enable-ambient-0001');
    expect(await label(c.src)).toBe('ambient');

    const again = memoryIO();
    expect(
      await runApply(['-n', 'shop', '--step', 'enable-ambient', '--yes', '--demo'], again.io, c.make),
    ).toBe(1);
    expect(again.out()).toMatch(/^refused: step enable-ambient[\s\S]*error: step enable-ambient is skipped/m);

    const pv = memoryIO();
    expect(await runApply(['--rollback', id ?? '', '--demo'], pv.io, c.make)).toBe(1);
    expect(pv.out()).toMatch(/^Rollback of record shop\/mesh-migrator-record-enable-ambient-0001: 1 record/);
    expect(pv.out()).toMatch(/restore\s+Namespace\/shop/);
    expect(pv.out()).toContain('-    istio.io/dataplane-mode: ambient');
    expect(pv.err()).toMatch(/nothing rolled back/);
    expect(await label(c.src)).toBe('ambient');
    const missing = memoryIO();
    expect(await runApply(['--rollback', 'shop/nope', '--demo'], missing.io, c.make)).toBe(1);
    expect(missing.err()).toBe(
      'nothing rolled back: the rollback would be refused: no migration record shop/nope\n',
    );
    const rb = memoryIO();
    expect(await runApply(['--rollback', id ?? '', '--yes', '--demo', '-o', 'json'], rb.io, c.make)).toBe(0);
    expect(JSON.parse(rb.out()).status).toBe('rolled-back');
    expect(await label(c.src)).toBeUndefined();
  });

  it('refuses on a read-only source with the missing permissions', async () => {
    const c = shopCluster({ readOnly: true });
    const m = memoryIO();
    expect(await runApply(['-n', 'shop', '--step', 'enable-ambient', '--yes', '--demo'], m.io, c.make)).toBe(
      1,
    );
    expect(m.err()).toMatch(/missing permissions\n {2}patch namespaces: read-only demo/);
  });

  it('works against the built-in demo scenario', async () => {
    const m = memoryIO();
    expect(
      await runApply(['-n', 'bookinfo', '--step', 'deploy-waypoint', '--yes', '--demo', '-o', 'json'], m.io),
    ).toBe(0);
    const r = JSON.parse(m.out());
    expect(r.changes).toEqual([
      expect.objectContaining({ ref: 'Gateway/bookinfo/waypoint', change: 'create', status: 'done' }),
    ]);
    // Loading the whole demo scenario takes seconds on a busy machine.
  }, 60_000);

  it.each([
    [['--step', 'verify', '--demo']],
    [['-n', 'shop', '--step', 'nope', '--demo']],
    [['-n', 'shop', '--demo']],
    [['-n', 'shop', '--step', 'verify', '--dry-run', '--yes', '--demo']],
    [['-n', 'shop', '--step', 'verify', '--force', '--demo']],
    [['-n', 'shop', '--step', 'verify', '--from-files', 'x']],
  ])('rejects bad usage (exit 2 in main): %j', async (argv) => {
    const c = shopCluster();
    const e = await runApply(argv, memoryIO().io, c.make).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UsageError);
  });
});
