import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toConvertInput } from '@/cli/commands/convert';
import { FIELD_MANAGER } from '@/lib/cluster/source';
import { convertForTarget } from '@/lib/convert/convert-target';
import { TARGETS } from '@/lib/convert/targets/types';
import { readObjects } from '@/lib/files/read';
import { isApiError } from '@/lib/k8s/errors';
import { descriptorFor, type KindDescriptor, parseApiVersion } from '@/lib/k8s/kinds';
import type { KubeObject } from '@/lib/k8s/objects';
import { resourcePath } from '@/lib/k8s/paths';
import { deleteNamespaces, ensureNamespaces, sourceFor } from './helpers';

const fixtures = path.resolve(import.meta.dirname, '..', 'fixtures', 'ingress');

/** Descriptor for writing any object, policies of other implementations included (plural = lower-case kind + s/es). */
function writeDescriptor(obj: KubeObject): KindDescriptor {
  const known = descriptorFor(obj.apiVersion, obj.kind);
  const { group, version } = parseApiVersion(obj.apiVersion);
  if (known) return { ...known, version };
  const lower = obj.kind.toLowerCase();
  const plural = lower.endsWith('y') ? `${lower.slice(0, -1)}ies` : `${lower}s`;
  return {
    key: 'configmaps',
    kind: obj.kind,
    group,
    version,
    plural,
    namespaced: true,
    crd: true,
    label: obj.kind,
  };
}

describe('Ingress conversions and target policies are accepted by the API server (Gateway API, Envoy Gateway v1.9.0, NGINX Gateway Fabric v2.6.7 CRDs)', () => {
  const source = sourceFor('admin');
  const created: string[] = [];
  afterAll(async () => {
    await deleteNamespaces(source, created);
  }, 120_000);

  async function dryRun(obj: KubeObject): Promise<string | undefined> {
    const d = writeDescriptor(obj);
    try {
      await source.rest.request('PATCH', resourcePath(d, obj.metadata.namespace, obj.metadata.name), {
        query: { fieldManager: FIELD_MANAGER, dryRun: 'All', fieldValidation: 'Strict' },
        body: obj,
        contentType: 'application/apply-patch+yaml',
      });
      return undefined;
    } catch (e) {
      return `${obj.kind}/${obj.metadata.namespace}/${obj.metadata.name}: ${isApiError(e) ? `${e.status} ${e.message}` : String(e)}`;
    }
  }

  it('refuses a policy the Envoy Gateway schema forbids, so an acceptance means something', async () => {
    created.push(...(await ensureNamespaces(source, ['default'])));
    const bad: KubeObject = {
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'BackendTrafficPolicy',
      metadata: { name: 'bad', namespace: 'default' },
      spec: { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Service', name: 'x' }] },
    };
    expect(await dryRun(bad)).toMatch(/BackendTrafficPolicy/);
  });

  for (const channel of ['standard', 'experimental'] as const) {
    for (const snippets of [false, true]) {
      it.each(TARGETS)(
        `accepts every output for target %s (${channel}, snippets ${snippets})`,
        async (target) => {
          const { objects, problems } = await readObjects([fixtures]);
          expect(problems).toEqual([]);
          const r = convertForTarget(toConvertInput(objects).input, { target, channel, snippets });
          const kinds = new Set(r.resources.map((o) => o.kind));
          expect(kinds.has('HTTPRoute')).toBe(true);
          if (target === 'envoy-gateway')
            expect([...kinds]).toEqual(
              expect.arrayContaining(['BackendTrafficPolicy', 'SecurityPolicy', 'ClientTrafficPolicy']),
            );
          if (target === 'nginx')
            expect([...kinds]).toEqual(
              expect.arrayContaining([
                'ClientSettingsPolicy',
                'ProxySettingsPolicy',
                'UpstreamSettingsPolicy',
              ]),
            );
          if (target === 'nginx' && snippets) expect(kinds.has('SnippetsFilter')).toBe(true);
          created.push(
            ...(await ensureNamespaces(
              source,
              r.resources.flatMap((o) => (o.metadata.namespace ? [o.metadata.namespace] : [])),
            )),
          );
          const refused = (await Promise.all(r.resources.map(dryRun))).filter(Boolean);
          expect(refused, refused.join('\n')).toEqual([]);
        },
        120_000,
      );
    }
  }
});
