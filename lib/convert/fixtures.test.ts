import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseObjects } from '../files/parse';
import type { KubeObject } from '../k8s/objects';
import { convertAll } from './convert';
import { formatWarning, resourcesToYaml } from './format';
import { validateOutput } from './testing/validate-output';
import type { ConversionResult, ConvertInput } from './types';
import { resolveFieldPath } from './warnings';

const dir = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'convert');
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.yaml') && !f.endsWith('.expected.yaml'));

const KEYS: Record<string, keyof ConvertInput> = {
  VirtualService: 'virtualservices',
  DestinationRule: 'destinationrules',
  Gateway: 'istiogateways',
  ServiceEntry: 'serviceentries',
  Service: 'services',
  Pod: 'pods',
};

function load(file: string): { input: ConvertInput; objects: KubeObject[] } {
  const { objects, problems } = parseObjects(readFileSync(path.join(dir, file), 'utf8'), file);
  expect(problems).toEqual([]);
  const input: ConvertInput = {};
  for (const o of objects) {
    const key = KEYS[o.kind];
    if (key) input[key] = [...(input[key] ?? []), o];
  }
  return { input, objects };
}

function convert(file: string): ConversionResult {
  return convertAll(load(file).input);
}

const codes = (r: ConversionResult) =>
  r.warnings.map((w) => `${w.severity} ${w.resource} ${w.field} ${w.code}`);

describe('fixtures', () => {
  it.each(fixtures)('%s converts to valid objects, as recorded in its .expected.yaml', async (file) => {
    const { input, objects } = load(file);
    const r = convertAll(input);
    for (const o of r.resources) expect(validateOutput(o)).toEqual([]);
    const byRef = new Map(objects.map((o) => [`${o.kind}/${o.metadata.namespace}/${o.metadata.name}`, o]));
    for (const w of r.warnings)
      expect(resolveFieldPath(byRef.get(w.resource), w.field), `${w.resource} ${w.field}`).toBeDefined();
    const text = `${resourcesToYaml(r.resources)}${r.warnings.map((w) => `# ${formatWarning(w)}\n`).join('')}`;
    await expect(text).toMatchFileSnapshot(path.join(dir, file.replace(/\.yaml$/, '.expected.yaml')));
  });

  it('bookinfo: redirect listener skipped, certificates granted from istio-system, subsets as Services', () => {
    const r = convert('bookinfo.yaml');
    const refs = r.resources.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`);
    expect(refs).toEqual([
      'Service/bookinfo/details-v2',
      'Service/bookinfo/ratings-v1',
      'Service/bookinfo/reviews-v1',
      'Service/bookinfo/reviews-v2',
      'Service/bookinfo/reviews-v3',
      'ReferenceGrant/istio-system/mesh-migrator-bookinfo-certificates',
      'Gateway/bookinfo/bookinfo-gateway',
      'HTTPRoute/bookinfo/bookinfo',
      'HTTPRoute/bookinfo/bookinfo-gateway-https-redirect',
      'HTTPRoute/bookinfo/details',
      'HTTPRoute/bookinfo/ratings',
      'HTTPRoute/bookinfo/reviews',
    ]);
    const main = r.resources.find((o) => o.metadata.name === 'bookinfo' && o.kind === 'HTTPRoute');
    expect(main?.spec?.parentRefs).toEqual([
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'bookinfo-gateway', sectionName: 'https' },
    ]);
    expect(codes(r).filter((c) => c.startsWith('error'))).toEqual([]);
  });

  it('shop: cross-namespace attachment via allowedRoutes, backends via ReferenceGrant, gRPC, TLS and TCP routes', () => {
    const r = convert('shop.yaml');
    const kinds = r.resources.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'ReferenceGrant/billing/mesh-migrator-shop-backends',
        'GRPCRoute/shop/inventory',
        'TLSRoute/shop/internal-tls',
        'TCPRoute/shop/db',
        'TLSRoute/shop/payments-egress',
      ]),
    );
    const gw = r.resources.find((o) => o.kind === 'Gateway')?.spec as {
      listeners: { name: string; allowedRoutes: unknown }[];
    };
    const shopOnly = {
      namespaces: {
        from: 'Selector',
        selector: {
          matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['shop'] }],
        },
      },
    };
    expect(gw.listeners.find((l) => l.name === 'https-shop-example-com')?.allowedRoutes).toEqual(shopOnly);
    expect(gw.listeners.find((l) => l.name === 'tcp-db')?.allowedRoutes).toEqual(shopOnly);
  });

  it('unsupported: every feature without a Gateway API form is reported where it is', () => {
    const c = codes(convert('unsupported.yaml'));
    expect(c).toEqual(
      expect.arrayContaining([
        'error Gateway/legacy/east-west spec.servers[0].tls.mode tls-mode-unsupported',
        'warning VirtualService/legacy/legacy spec.http[1].match[0] precedence',
        'warning VirtualService/legacy/legacy spec.http[1].match[0].ignoreUriCase ignore-uri-case',
        'warning VirtualService/legacy/legacy spec.http[1].match[0].sourceLabels source-labels',
        'error VirtualService/legacy/legacy spec.http[1].match[0].withoutHeaders without-headers',
        'error VirtualService/legacy/legacy spec.http[1].fault fault',
        'error VirtualService/legacy/legacy spec.http[2].directResponse direct-response',
        'error VirtualService/legacy/legacy spec.http[3].rewrite.uriRegexRewrite uri-regex-rewrite',
        'error VirtualService/legacy/legacy spec.http[4].delegate delegate-not-found',
      ]),
    );
  });
});
