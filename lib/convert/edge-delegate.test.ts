import { describe, expect, it } from 'vitest';
import { convertAll } from './convert';
import { service, virtualService } from './testing/builders';
import type { ConversionResult } from './types';

interface RuleOut {
  name?: string;
  matches?: { path?: { type: string; value: string }; headers?: { name: string; value: string }[] }[];
  backendRefs?: { name: string; namespace?: string }[];
  timeouts?: { request?: string };
}

const findings = (r: ConversionResult) =>
  r.warnings.map((w) => `${w.severity} ${w.resource} ${w.field} ${w.code}`);
const rulesOf = (r: ConversionResult) =>
  (r.resources.find((o) => o.kind === 'HTTPRoute' && o.metadata.name === 'root')?.spec?.rules ??
    []) as RuleOut[];

const root = (rule: Record<string, unknown>) =>
  virtualService('root', 'shop', {
    hosts: ['shop'],
    http: [{ ...rule, delegate: { name: 'child', namespace: 'team' } }],
  });
const child = (http: Record<string, unknown>[], extra: Record<string, unknown> = {}) =>
  virtualService('child', 'team', { http, ...extra });
const to = (host: string) => ({ route: [{ destination: { host: `${host}.team.svc.cluster.local` } }] });
const prefix = (value: string) => ({ uri: { prefix: value } });

describe('delegate VirtualServices are inlined as Istio merges them (issue 17, case 6)', () => {
  it.each<
    [
      string,
      Record<string, unknown>,
      Record<string, unknown>[],
      { path?: string; backend: string }[],
      string[],
    ]
  >([
    [
      'delegate prefix within the root prefix',
      { match: [prefix('/a/')] },
      [{ match: [prefix('/a/b')], ...to('b') }, to('a')],
      [
        { path: '/a/b', backend: 'b' },
        { path: '/a/', backend: 'a' },
      ],
      ['info VirtualService/shop/root spec.http[0].delegate delegate-inlined'],
    ],
    [
      'delegate prefix outside the root prefix: ignored, as Istio does',
      { match: [prefix('/a/')] },
      [{ match: [prefix('/z')], ...to('z') }, to('a')],
      [{ path: '/a/', backend: 'a' }],
      [
        'warning VirtualService/team/child spec.http[0].match delegate-rule-conflict',
        'info VirtualService/shop/root spec.http[0].delegate delegate-inlined',
      ],
    ],
    [
      'root without match: the delegate matches as written',
      {},
      [{ match: [prefix('/x')], ...to('x') }],
      [{ path: '/x', backend: 'x' }],
      ['info VirtualService/shop/root spec.http[0].delegate delegate-inlined'],
    ],
    [
      'regex on either side conflicts',
      { match: [{ uri: { regex: '/a.*' } }] },
      [{ match: [prefix('/a')], ...to('a') }],
      [],
      [
        'warning VirtualService/team/child spec.http[0].match delegate-rule-conflict',
        'warning VirtualService/shop/root spec.http[0].delegate delegate-inlined',
      ],
    ],
  ])('%s', (_name, rootRule, childRules, expected, codes) => {
    const r = convertAll({
      services: ['a', 'b', 'x', 'z'].map((n) => service(n, 'team')),
      virtualservices: [root(rootRule), child(childRules)],
    });
    const rules = rulesOf(r);
    expect(
      rules.map((x) => ({
        path: x.matches?.[0]?.path?.value,
        backend: x.backendRefs?.[0]?.name ?? '',
      })),
    ).toEqual(expected);
    const got = findings(r).filter((f) => f.includes('delegate'));
    expect(got.sort()).toEqual([...codes, 'info VirtualService/team/child spec delegate-inlined'].sort());
  });

  it('the root fills what the delegate rule leaves unset (name, timeout) and headers merge', () => {
    const r = convertAll({
      services: [service('a', 'team')],
      virtualservices: [
        root({ name: 'r', match: [{ ...prefix('/a/'), headers: { x: { exact: '1' } } }], timeout: '5s' }),
        child([{ name: 'c', match: [{ ...prefix('/a/b'), headers: { y: { exact: '2' } } }], ...to('a') }]),
      ],
    });
    const [rule] = rulesOf(r);
    expect(rule?.name).toBe('r-c');
    expect(rule?.timeouts).toEqual({ request: '5s' });
    expect(rule?.matches?.[0]?.headers?.map((h) => h.name).sort()).toEqual(['x', 'y']);
  });

  it.each([
    ['not in the input', [], 'error VirtualService/shop/root spec.http[0].delegate delegate-not-found'],
    [
      'not exported to the root namespace',
      [child([to('a')], { exportTo: ['.'] })],
      'warning VirtualService/shop/root spec.http[0].delegate delegate-not-exported',
    ],
  ])('a delegate %s is reported and nothing is inlined', (_name, extra, finding) => {
    const r = convertAll({ services: [service('a', 'team')], virtualservices: [root({}), ...extra] });
    expect(rulesOf(r)).toEqual([]);
    expect(findings(r)).toContain(finding);
  });
});
