import { describe, expect, it } from 'vitest';
import { kindByKey } from '../../lib/k8s/kinds';
import { UsageError } from '../io';
import { memoryIO, shopCluster } from '../testing';
import { runEnrol } from './enrol';

const labels = async (src: ReturnType<typeof shopCluster>['src']) =>
  (await src.get(kindByKey('namespaces'), undefined, 'shop'))?.metadata.labels;

describe('mesh-migrator enrol', () => {
  it('prints one preview of every step and changes nothing without --yes', async () => {
    const c = shopCluster();
    const m = memoryIO();
    expect(await runEnrol(['-n', 'shop', '--demo'], m.io, c.make)).toBe(1);
    expect(m.out()).toContain('Enrolment of shop: 3 step(s)');
    expect(m.out()).toContain('Step enable-ambient in namespace shop');
    expect(m.out()).toContain('Step restart-workloads in namespace shop');
    expect(m.out().match(/Confirmation: /g)).toHaveLength(1);
    expect(m.err()).toMatch(/re-run with --yes/);
    expect(await labels(c.src)).toEqual({ 'istio-injection': 'enabled' });
  });

  it('--dry-run exits 0 on a clean preview', async () => {
    const c = shopCluster();
    expect(await runEnrol(['-n', 'shop', '--dry-run', '--demo'], memoryIO().io, c.make)).toBe(0);
  });

  it('applies with --yes and rolls the whole enrolment back', async () => {
    const c = shopCluster();
    const m = memoryIO();
    expect(await runEnrol(['-n', 'shop', '--yes', '--demo'], m.io, c.make)).toBe(0);
    expect(m.out()).toMatch(/applying shop enable-ambient/);
    expect(await labels(c.src)).toEqual({ 'istio.io/dataplane-mode': 'ambient' });
    const id = /mesh-migrator enrol --rollback (\S+) --yes/.exec(m.out())?.[1] ?? '';
    expect(id).toMatch(/^enrol-/);
    // Without --yes: what each record would undo, and nothing undone.
    const pv = memoryIO();
    expect(await runEnrol(['--rollback', id, '--demo'], pv.io, c.make)).toBe(1);
    expect(pv.out()).toMatch(new RegExp(`^Rollback of enrolment ${id}: \\d+ record\\(s\\), newest first`));
    expect(pv.out()).toMatch(/restore\s+Namespace\/shop/);
    expect(pv.out()).toContain('+    istio-injection: enabled');
    expect(pv.err()).toMatch(/nothing rolled back: .*re-run with --yes/);
    expect(await labels(c.src)).toEqual({ 'istio.io/dataplane-mode': 'ambient' });
    const dry = memoryIO();
    expect(await runEnrol(['--rollback', id, '--dry-run', '--demo', '-o', 'json'], dry.io, c.make)).toBe(0);
    const shown = JSON.parse(dry.out()) as { records: { recordId: string }[] };
    expect(shown.records.length).toBeGreaterThan(0);
    expect(shown).not.toHaveProperty('bound');
    const rb = memoryIO();
    expect(await runEnrol(['--rollback', id, '--yes', '--demo'], rb.io, c.make)).toBe(0);
    expect(rb.out()).toMatch(/^rolled-back/);
    expect(await labels(c.src)).toEqual({ 'istio-injection': 'enabled' });
  });

  it('needs a namespace, and a cluster', async () => {
    await expect(runEnrol(['--demo'], memoryIO().io, shopCluster().make)).rejects.toThrow(UsageError);
    await expect(runEnrol(['-n', 'shop', '-n', 'Team B'], memoryIO().io, shopCluster().make)).rejects.toThrow(
      /--namespace must be a namespace name .*not "Team B"/,
    );
    await expect(runEnrol(['-n', 'shop', '--from-files', 'x.yaml'], memoryIO().io)).rejects.toThrow(
      /needs a cluster/,
    );
  });
});
