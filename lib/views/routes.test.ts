import { beforeAll, describe, expect, it } from 'vitest';
import type { ClusterSource } from '../cluster/source';
import { createDemoCluster } from '../demo';
import { parseObjects } from '../files/parse';
import { fieldUnder, routesBundle, routesView } from './routes';

describe('fieldUnder', () => {
  it.each([
    ['spec.http[1]', 'spec.http[1]', true],
    ['spec.http[1].fault', 'spec.http[1]', true],
    ['spec.http[1][0]', 'spec.http[1]', true],
    ['spec.http[10]', 'spec.http[1]', false],
    ['spec.hosts', 'spec.http[1]', false],
  ])('%s under %s: %s', (field, prefix, want) => {
    expect(fieldUnder(field, prefix)).toBe(want);
  });
});

describe('routesView on the demo cluster', () => {
  let demo: ClusterSource;
  beforeAll(async () => {
    demo = createDemoCluster({ tickMs: 0 });
    await demo.start();
  });

  it('puts each bookinfo VirtualService beside its routes, warnings at their rules', () => {
    const v = routesView(demo.snapshot().resources, 'bookinfo', {
      gatewayClassName: 'istio',
      channel: 'standard',
    });
    expect(v.namespaces).toContain('bookinfo');
    const vs = v.sources.filter((s) => s.kind === 'VirtualService');
    expect(vs.length).toBeGreaterThan(2);
    for (const s of vs) {
      for (const r of s.rules) for (const w of r.warnings) expect(fieldUnder(w.field, r.field)).toBe(true);
      for (const w of s.warnings) expect(s.rules.some((r) => fieldUnder(w.field, r.field))).toBe(false);
    }
    const all = vs.flatMap((s) => s.rules.flatMap((r) => r.warnings));
    expect(all.some((w) => w.field.endsWith('.fault'))).toBe(true);
    expect(v.sources.some((s) => s.kind === 'Gateway')).toBe(true);
    expect(v.counts.new).toBeGreaterThan(0);
    expect(v.counts.unchanged).toBe(0);
  });

  it('shows each rule beside the generated rule itself, warnings on the line they concern', () => {
    const v = routesView(demo.snapshot().resources, 'bookinfo', {
      gatewayClassName: 'istio',
      channel: 'standard',
    });
    const rule = v.sources.find((s) => s.source === 'VirtualService/bookinfo/ratings')?.rules[0];
    const fault = rule?.warnings.findIndex((w) => w.field === 'spec.http[0].fault') ?? -1;
    expect(fault).toBeGreaterThanOrEqual(0);
    const line = rule?.yaml.split('\n')[rule.warningLines?.[fault] ?? -1];
    expect(line).toBe('fault:');
    expect(rule?.outputs).toEqual([
      expect.objectContaining({ resource: 'HTTPRoute/bookinfo/ratings', rule: 'spec.rules[0]' }),
    ]);
    expect(rule?.outputs[0]?.yaml).toMatch(/^name: delay-jason\nmatches:\n/);
    expect(rule?.outputs[0]?.yaml).toContain('backendRefs:');
  });

  it('marks outputs unchanged once applied, changed after someone edits them', async () => {
    const before = routesView(demo.snapshot().resources, 'bookinfo', {
      gatewayClassName: 'istio',
      channel: 'standard',
    });
    const out = before.sources.flatMap((s) => s.outputs).find((o) => o.kind === 'HTTPRoute');
    expect(out).toBeDefined();
    const obj = parseObjects(out?.yaml ?? '', 'x').objects[0];
    if (!obj) throw new Error('no object');
    await demo.apply(obj);
    const after = routesView(demo.snapshot().resources, 'bookinfo', {
      gatewayClassName: 'istio',
      channel: 'standard',
    });
    expect(after.sources.flatMap((s) => s.outputs).find((o) => o.ref === out?.ref)?.status).toBe('unchanged');
    await demo.mergePatch(
      { ...(await import('../k8s/kinds')).kindByKey('httproutes') },
      obj.metadata.namespace,
      obj.metadata.name,
      { spec: { hostnames: ['edited.example.com'] } },
    );
    const edited = routesView(demo.snapshot().resources, 'bookinfo', {
      gatewayClassName: 'istio',
      channel: 'standard',
    });
    const changed = edited.sources.flatMap((s) => s.outputs).find((o) => o.ref === out?.ref);
    expect(changed?.status).toBe('changed');
  });

  it('bundles the namespace as multi-document YAML that parses back', () => {
    const text = routesBundle(demo.snapshot().resources, 'bookinfo', { gatewayClassName: 'eg' });
    const parsed = parseObjects(text, 'bundle.yaml');
    expect(parsed.problems).toEqual([]);
    expect(parsed.objects.some((o) => o.kind === 'HTTPRoute')).toBe(true);
    expect(
      parsed.objects
        .filter((o) => o.kind === 'Gateway')
        .every((g) => (g.spec as { gatewayClassName?: string }).gatewayClassName === 'eg'),
    ).toBe(true);
    expect(text).toMatch(/^# .*fault/m);
  });
});

describe('routesView gateway classes', () => {
  it('offers installed classes and common implementations, never the waypoint class', async () => {
    const demo = createDemoCluster({ tickMs: 0 });
    await demo.start();
    const v = routesView(demo.snapshot().resources, 'bookinfo', {
      gatewayClassName: 'custom',
      channel: 'standard',
    });
    expect(v.gatewayClasses).toEqual(expect.arrayContaining(['custom', 'istio', 'eg', 'nginx']));
    expect(v.gatewayClasses).not.toContain('istio-waypoint');
  });
});
