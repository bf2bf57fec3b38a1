import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseObjects } from '@/lib/files/parse';
import type { KubeObject } from '@/lib/k8s/objects';
import type { KubeClusterSource } from '@/lib/k8s/source';
import { applyStep, planNamespace, previewStep, rollbackStep, stepOf } from '@/lib/migrate';
import {
  createForReal,
  deleteAll,
  deleteNamespaces,
  descriptorOfObject,
  refOf,
  sourceFor,
  uniqueName,
  until,
} from './helpers';

const ns = uniqueName('ing');

const objects = (): KubeObject[] =>
  parseObjects(
    `apiVersion: v1
kind: Namespace
metadata: { name: ${ns} }
---
apiVersion: v1
kind: Service
metadata: { name: site, namespace: ${ns} }
spec: { selector: { app: site }, ports: [{ name: http, port: 80 }] }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: site
  namespace: ${ns}
  annotations:
    nginx.ingress.kubernetes.io/affinity: cookie
    nginx.ingress.kubernetes.io/whitelist-source-range: 10.0.0.0/8
spec:
  ingressClassName: nginx
  tls: [{ hosts: [site.example.com], secretName: site-tls }]
  rules:
    - host: site.example.com
      http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: site, port: { name: http } } } }] }
`,
    'ingress.yaml',
  ).objects;

describe(`moving the Ingresses of ${ns} to Gateway API on a real API server`, () => {
  let admin: KubeClusterSource;
  beforeAll(async () => {
    admin = sourceFor('admin');
    await admin.start();
    await createForReal(admin, objects(), 'kubectl');
    await until(
      () => admin.snapshot().resources.ingresses.some((i) => i.metadata.namespace === ns) || undefined,
      'the Ingress',
      20_000,
    );
  });
  afterAll(async () => {
    await deleteNamespaces(admin, [ns]);
    await admin.stop();
  });

  it('previews, applies and rolls back the migrate-ingress step; clean-up offers the Ingress only once its form is live', async () => {
    const plan = planNamespace(admin.snapshot().resources, ns);
    const step = stepOf(plan, 'migrate-ingress');
    expect(step.objects.map(refOf)).toEqual(
      expect.arrayContaining([
        `Gateway/${ns}/ingress-nginx`,
        `HTTPRoute/${ns}/site`,
        `AuthorizationPolicy/${ns}/site-source-range`,
        `DestinationRule/${ns}/site-ingress`,
      ]),
    );
    expect(stepOf(plan, 'cleanup').deletes.some((d) => d.kind === 'Ingress')).toBe(false);
    const preview = await previewStep(admin, plan, 'migrate-ingress');
    const result = await applyStep(admin, plan, 'migrate-ingress', { confirm: preview.confirm });
    try {
      expect([result.status, result.error]).toEqual(['applied', undefined]);
      for (const o of step.objects)
        expect(await admin.get(descriptorOfObject(o), ns, o.metadata.name), refOf(o)).toBeDefined();
      await until(
        () =>
          stepOf(planNamespace(admin.snapshot().resources, ns), 'cleanup').deletes.some(
            (d) => d.kind === 'Ingress' && d.name === 'site',
          ) || undefined,
        'the Ingress offered for clean-up',
        20_000,
      );
      const rb = await rollbackStep(admin, result.recordId as string);
      expect([rb.status, rb.error]).toEqual(['rolled-back', undefined]);
      for (const o of step.objects)
        expect(await admin.get(descriptorOfObject(o), ns, o.metadata.name), refOf(o)).toBeUndefined();
    } finally {
      await deleteAll(admin, step.objects);
    }
  });
});
