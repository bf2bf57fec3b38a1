import { describe, expect, it } from 'vitest';
import { emptyResourceSet } from '../cluster/snapshot';
import { KINDS, type KindKey } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';
import { FULL_ACCESS, filterSnapshot, listableKinds, rulesAllow, type UserAccess } from './access';

const obj = (kind: string, name: string, namespace?: string): KubeObject => ({
  apiVersion: 'v1',
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
});

function snapshot() {
  const resources = emptyResourceSet();
  resources.namespaces = [
    obj('Namespace', 'bookinfo'),
    obj('Namespace', 'shop'),
    obj('Namespace', 'kube-system'),
  ];
  resources.pods = [obj('Pod', 'a', 'bookinfo'), obj('Pod', 'b', 'shop')];
  resources.services = [obj('Service', 'a', 'bookinfo'), obj('Service', 'b', 'shop')];
  resources.customresourcedefinitions = [obj('CustomResourceDefinition', 'x')];
  const kinds = Object.fromEntries(KINDS.map((k) => [k.key, { state: 'ok', count: 0 }])) as Parameters<
    typeof filterSnapshot
  >[0]['kinds'];
  return { resources, kinds, revision: 7 };
}

describe('rulesAllow', () => {
  const pods = { group: '', plural: 'pods' };
  it.each([
    [[{ verbs: ['list'], apiGroups: [''], resources: ['pods'] }], true],
    [[{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], true],
    [[{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }], false],
    [[{ verbs: ['list'], apiGroups: ['apps'], resources: ['pods'] }], false],
    [[{ verbs: ['list'], apiGroups: [''], resources: ['pods'], resourceNames: ['one'] }], false],
  ])('%j → %s', (rules, ok) => expect(rulesAllow(rules, 'list', pods)).toBe(ok));

  it('lists the namespaced kinds a namespace admin may list', () => {
    const kinds = listableKinds([
      { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods', 'services'] },
    ]);
    expect([...kinds].sort()).toEqual(['pods', 'services']);
  });
});

describe('filterSnapshot', () => {
  it('returns the shared snapshot itself for full access', () => {
    const s = snapshot();
    expect(filterSnapshot(s, FULL_ACCESS)).toBe(s);
  });

  it('shows a namespace admin only their namespace', () => {
    const team: UserAccess = {
      all: false,
      clusterWide: new Set<KindKey>(['namespaces', 'customresourcedefinitions']),
      perNamespace: new Map([['bookinfo', new Set<KindKey>(['pods', 'services'])]]),
    };
    const f = filterSnapshot(snapshot(), team);
    expect(f.resources.namespaces.map((n) => n.metadata.name)).toEqual(['bookinfo']);
    expect(f.resources.pods.map((p) => p.metadata.namespace)).toEqual(['bookinfo']);
    expect(f.resources.services).toHaveLength(1);
    expect(f.resources.customresourcedefinitions).toHaveLength(1);
    expect(f.kinds.pods).toMatchObject({ state: 'ok', count: 1 });
    expect(f.kinds.deployments.state).toBe('forbidden');
    expect(f.revision).toBe(7);
  });

  it('shows everything of a kind listable cluster-wide, nothing of a cluster kind that is not', () => {
    const viewer: UserAccess = {
      all: false,
      clusterWide: new Set<KindKey>(['namespaces', 'pods']),
      perNamespace: new Map(),
    };
    const f = filterSnapshot(snapshot(), viewer);
    expect(f.resources.namespaces).toHaveLength(3);
    expect(f.resources.pods).toHaveLength(2);
    expect(f.resources.services).toHaveLength(0);
    expect(f.resources.customresourcedefinitions).toHaveLength(0);
  });
});
