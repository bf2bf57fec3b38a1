import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../k8s/objects';
import { convertAll, convertNamespace } from './convert';
import { SOURCE_ANNOTATION } from './gateway-api';
import { destinationRule, service, virtualService } from './testing/builders';
import type { ConversionResult, ConvertInput } from './types';

/** The selector of the Service each route of VirtualService `ns/name` sends traffic to. */
function backendSelectors(r: ConversionResult, input: ConvertInput, vs: string): Record<string, string>[] {
  const routes = r.resources.filter(
    (o) => o.metadata.annotations?.[SOURCE_ANNOTATION] === `VirtualService/${vs}`,
  );
  const services = [...r.resources, ...(input.services ?? [])].filter((o) => o.kind === 'Service');
  const out: Record<string, string>[] = [];
  for (const route of routes) {
    for (const rule of (route.spec?.rules ?? []) as { backendRefs?: { name: string }[] }[]) {
      for (const ref of rule.backendRefs ?? []) {
        const svc = services.find(
          (s: KubeObject) => s.metadata.name === ref.name && s.metadata.namespace === 'names',
        );
        out.push((svc?.spec?.selector as Record<string, string>) ?? {});
      }
    }
  }
  return out;
}

const vsTo = (name: string, ns: string, host: string, subset: string) =>
  virtualService(name, ns, { hosts: [host], http: [{ route: [{ destination: { host, subset } }] }] });

const long = 'a'.repeat(58);

interface Case {
  input: ConvertInput;
  /** VirtualService `ns/name` to the selector its backend must have. */
  expected: Record<string, Record<string, string>>;
  /** Warning codes expected (besides the usual ones). */
  codes: string[];
}

const CASES: Record<string, Case> = {
  'Service a-b subset c and Service a subset b-c': {
    input: {
      services: [service('a-b', 'names'), service('a', 'names')],
      destinationrules: [
        destinationRule('a-b', 'names', { host: 'a-b', subsets: [{ name: 'c', labels: { v: 'c' } }] }),
        destinationRule('a', 'names', { host: 'a', subsets: [{ name: 'b-c', labels: { v: 'b-c' } }] }),
      ],
      virtualservices: [vsTo('x', 'names', 'a-b', 'c'), vsTo('y', 'names', 'a', 'b-c')],
    },
    expected: { 'names/x': { app: 'a-b', v: 'c' }, 'names/y': { app: 'a', v: 'b-c' } },
    codes: ['subset-name-taken'],
  },
  'one subset defined with other labels by two client namespaces': {
    input: {
      services: [service('pay', 'names')],
      destinationrules: ['ca', 'cb'].map((ns) =>
        destinationRule('pay', ns, {
          host: 'pay.names.svc.cluster.local',
          subsets: [{ name: 'v1', labels: { track: ns } }],
        }),
      ),
      virtualservices: ['ca', 'cb'].map((ns) => vsTo('pay', ns, 'pay.names.svc.cluster.local', 'v1')),
    },
    expected: { 'ca/pay': { app: 'pay', track: 'ca' }, 'cb/pay': { app: 'pay', track: 'cb' } },
    codes: ['subset-name-taken'],
  },
  'names cut to 63 characters that would be equal': {
    input: {
      services: [service(`${long}-x`, 'names'), service(long, 'names')],
      destinationrules: [
        destinationRule('p', 'names', { host: `${long}-x`, subsets: [{ name: 'yyyy', labels: { v: '1' } }] }),
        destinationRule('q', 'names', { host: long, subsets: [{ name: 'x-yyyy', labels: { v: '2' } }] }),
      ],
      virtualservices: [vsTo('p', 'names', `${long}-x`, 'yyyy'), vsTo('q', 'names', long, 'x-yyyy')],
    },
    expected: { 'names/p': { app: `${long}-x`, v: '1' }, 'names/q': { app: long, v: '2' } },
    codes: ['subset-name-taken'],
  },
  'a Service of the input with the plain name and another selector': {
    input: {
      services: [service('web', 'names'), service('web-v1', 'names', undefined, { app: 'legacy' })],
      destinationrules: [
        destinationRule('web', 'names', { host: 'web', subsets: [{ name: 'v1', labels: { v: '1' } }] }),
      ],
      virtualservices: [vsTo('web', 'names', 'web', 'v1')],
    },
    expected: { 'names/web': { app: 'web', v: '1' } },
    codes: ['subset-name-taken'],
  },
  'no clash: the plain name': {
    input: {
      services: [service('web', 'names')],
      destinationrules: [
        destinationRule('web', 'names', { host: 'web', subsets: [{ name: 'v1', labels: { v: '1' } }] }),
      ],
      virtualservices: [vsTo('web', 'names', 'web', 'v1')],
    },
    expected: { 'names/web': { app: 'web', v: '1' } },
    codes: [],
  },
};

describe('per-subset Service names are unique by construction (issue 17, case 1)', () => {
  it.each(Object.entries(CASES))('%s', (_name, c) => {
    const r = convertAll(c.input);
    for (const [vs, selector] of Object.entries(c.expected)) {
      const got = backendSelectors(r, c.input, vs);
      expect(got.length, vs).toBeGreaterThan(0);
      for (const s of got) expect(s, vs).toEqual(selector);
    }
    const codes = r.warnings.map((w) => w.code);
    expect(codes).not.toContain('output-conflict');
    for (const code of c.codes) expect(codes).toContain(code);
    if (c.codes.length === 0) expect(codes).not.toContain('subset-name-taken');
    const names = r.resources.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`);
    expect(new Set(names).size).toBe(names.length);
    for (const o of r.resources) expect(o.metadata.name.length).toBeLessThanOrEqual(63);
  });

  it('names do not depend on what else is converted (one namespace or all)', () => {
    const c = CASES['one subset defined with other labels by two client namespaces'] as Case;
    const all = convertAll(c.input);
    const one = convertNamespace(c.input, 'cb');
    const svcOf = (r: ConversionResult) =>
      r.resources.filter(
        (o) => o.kind === 'Service' && o.metadata.annotations?.[SOURCE_ANNOTATION]?.includes('/cb/'),
      );
    expect(svcOf(one).map((o) => o.metadata.name)).toEqual(svcOf(all).map((o) => o.metadata.name));
  });
});
