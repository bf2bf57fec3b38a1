import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { exportPlan, patchCommand } from './export';
import { planNamespace } from './plan';
import { authorizationPolicy, istio, resourcesOf, sidecarShop } from './test-fixtures';
import type { PlannedPatch } from './types';

const l7 = authorizationPolicy('shop', 'api-get', {
  selector: { matchLabels: { app: 'api' } },
  rules: [{ to: [{ operation: { methods: ['GET'] } }] }],
});
const vs = istio('VirtualService', 'shop', 'api', {
  hosts: ['api'],
  http: [{ route: [{ destination: { host: 'api' } }] }],
});

describe('exportPlan', () => {
  const plan = planNamespace(
    resourcesOf(...sidecarShop(), l7, vs, istio('Sidecar', 'shop', 'default', {})),
    'shop',
  );
  const { files } = exportPlan(plan);
  const byPath = Object.fromEntries(files.map((f) => [f.path, f.content]));

  it('writes one bundle per step that creates objects, numbered in plan order, and a README', () => {
    expect(files.map((f) => f.path)).toEqual([
      '01-deploy-waypoint.yaml',
      '02-migrate-policies.yaml',
      '03-create-routes.yaml',
      'README.md',
    ]);
  });

  it('bundles parse back to the plan objects', () => {
    const docs = parseAllDocuments(byPath['02-migrate-policies.yaml'] ?? '');
    const objects = (Array.isArray(docs) ? docs : []).map((d) => d.toJS());
    expect(objects).toEqual(plan.steps[1]?.objects);
  });

  it('README has findings, label and restart commands in order', () => {
    const readme = byPath['README.md'] ?? '';
    expect(readme).toContain('sidecar-resource:shop/default');
    const lines = [
      'kubectl label namespace/shop istio.io/use-waypoint=waypoint --overwrite',
      'kubectl label namespace/shop istio.io/dataplane-mode=ambient --overwrite',
      'kubectl label namespace/shop istio-injection-',
      'kubectl rollout restart deployment/api -n shop',
      'kubectl rollout restart deployment/web -n shop',
    ];
    const positions = lines.map((l) => readme.indexOf(l));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(readme).toMatch(/Skipped: nothing to clean up/);
  });
});

describe('patchCommand', () => {
  it.each<[string, PlannedPatch, string]>([
    [
      'merge patch',
      {
        target: {
          apiVersion: 'networking.istio.io/v1',
          kind: 'DestinationRule',
          namespace: 'shop',
          name: 'api',
        },
        patch: { spec: { subsets: null } },
        description: '',
      },
      `kubectl patch destinationrule/api -n shop --type merge -p '{"spec":{"subsets":null}}'`,
    ],
    [
      'template label removal',
      {
        target: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'a' },
        patch: { spec: { template: { metadata: { labels: { 'sidecar.istio.io/inject': null } } } } },
        description: '',
      },
      `kubectl patch deployment/a -n shop --type merge -p '{"spec":{"template":{"metadata":{"labels":{"sidecar.istio.io/inject":null}}}}}'`,
    ],
  ])('%s', (_n, p, want) => {
    expect(patchCommand(p)).toBe(want);
  });
});
