import { describe, expect, it } from 'vitest';
import { stripObject, stripOwned } from './strip';

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

describe('stripOwned', () => {
  const parsed = (metadata: string) =>
    JSON.parse(`{"apiVersion":"v1","kind":"Pod","metadata":${metadata},"spec":{"containers":[]}}`);

  it('drops managedFields in place when it is the last member of metadata, as the API server writes it', () => {
    const obj = parsed(
      '{"name":"p","namespace":"n","labels":{"app":"a"},"managedFields":[{"manager":"kubectl"}]}',
    );
    const metadata = obj.metadata;
    const out = stripOwned(obj);
    expect(out).toBe(obj);
    expect(out.metadata).toBe(metadata);
    expect(out.metadata).toEqual({ name: 'p', namespace: 'n', labels: { app: 'a' } });
    expect(Object.keys(out.metadata)).toEqual(['name', 'namespace', 'labels']);
  });

  it('copies as stripObject does when managedFields is elsewhere, a last-applied annotation is set, or a Secret', () => {
    const first = parsed('{"managedFields":[],"name":"p"}');
    expect(stripOwned(first).metadata).toEqual({ name: 'p' });
    expect(first.metadata.managedFields).toEqual([]);
    const applied = parsed(
      '{"name":"p","annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}","keep":"yes"},"managedFields":[]}',
    );
    expect(stripOwned(applied).metadata).toEqual({ name: 'p', annotations: { keep: 'yes' } });
    const secret = stripOwned({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', managedFields: [] } as never,
      data: { key: 'c2VjcmV0' },
    });
    expect(secret.data).toEqual({ key: '' });
    expect(secret.metadata).toEqual({ name: 's' });
  });

  it('returns an object without managedFields as it is', () => {
    const obj = parsed('{"name":"p"}');
    expect(stripOwned(obj)).toBe(obj);
  });
});
