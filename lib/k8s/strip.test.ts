import { describe, expect, it } from 'vitest';
import { stripObject } from './strip';

describe('stripObject', () => {
  it('drops managedFields and the last-applied annotation, keeps the rest', () => {
    const obj = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'p',
        namespace: 'n',
        managedFields: [{ manager: 'kubectl' }],
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', keep: 'yes' },
      },
      spec: { containers: [] },
    };
    const out = stripObject(obj);
    expect(out.metadata).toEqual({ name: 'p', namespace: 'n', annotations: { keep: 'yes' } });
    expect(out.spec).toBe(obj.spec);
    expect(obj.metadata.managedFields).toHaveLength(1);
    expect(obj.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toBe('{}');
  });

  it('keeps the keys of a Secret and never its values', () => {
    const out = stripObject({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'cacerts', namespace: 'istio-system' },
      data: { 'ca-cert.pem': 'LS0tLS1CRUdJTg==', 'ca-key.pem': 'c2VjcmV0' },
      stringData: { 'root-cert.pem': 'plain' },
    });
    expect(out.data).toEqual({ 'ca-cert.pem': '', 'ca-key.pem': '', 'root-cert.pem': '' });
    expect(out.stringData).toBeUndefined();
    expect(JSON.stringify(out)).not.toContain('c2VjcmV0');
  });
});
