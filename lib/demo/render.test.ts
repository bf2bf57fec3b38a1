import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../k8s/objects';
import { forCreate, renderFiles } from './render';

const svc: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: {
    name: 's',
    namespace: 'n',
    uid: 'u',
    resourceVersion: '7',
    generation: 1,
    creationTimestamp: '2025-01-01T00:00:00Z',
  },
  spec: { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: [{ port: 80 }] },
};
const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } };
const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'n' },
  spec: {},
  status: { phase: 'Running' },
};
const vs: KubeObject = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'v', namespace: 'n' },
  spec: {},
};

describe('forCreate', () => {
  it('drops server-assigned metadata and Service cluster IPs', () => {
    const out = forCreate(svc);
    expect(out.metadata).toEqual({ name: 's', namespace: 'n' });
    expect(out.spec).toEqual({ ports: [{ port: 80 }] });
  });

  it('keeps pod status', () => {
    expect(forCreate(pod).status).toEqual({ phase: 'Running' });
  });
});

describe('renderFiles', () => {
  it('writes one numbered file per kind, namespaces first, pods after services', () => {
    const files = renderFiles([vs, pod, svc, ns]);
    const names = [...files.keys()];
    expect(names[0]).toBe('00-namespaces.yaml');
    expect(names.indexOf('02-pods.yaml')).toBeGreaterThan(names.indexOf('01-services.yaml'));
    expect(names).toContain('03-virtualservices.yaml');
    const docs = parseAllDocuments(files.get('02-pods.yaml') ?? '');
    expect(Array.isArray(docs) && docs.map((d) => d.toJS())).toEqual([pod]);
  });
});
