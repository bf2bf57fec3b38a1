import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { bearerKubeConfig, impersonationHeaders } from './credentials';

describe('bearerKubeConfig', () => {
  it('keeps the cluster and drops the server’s own credentials', () => {
    const base = new KubeConfig();
    base.loadFromOptions({
      clusters: [{ name: 'c', server: 'https://127.0.0.1:6443', caData: 'Q0E=' }],
      users: [{ name: 'admin', certData: 'Y2VydA==', keyData: 'a2V5', token: 'server-token' }],
      contexts: [{ name: 'admin', cluster: 'c', user: 'admin' }],
      currentContext: 'admin',
    });
    const kc = bearerKubeConfig(base, 'user-token');
    expect(kc.getCurrentCluster()).toMatchObject({ server: 'https://127.0.0.1:6443', caData: 'Q0E=' });
    const user = kc.getCurrentUser();
    expect(user?.token).toBe('user-token');
    expect(user?.certData).toBeUndefined();
    expect(user?.keyData).toBeUndefined();
  });
});

describe('impersonationHeaders', () => {
  it('names the user and each group (system:authenticated is added by the API server)', () => {
    expect(
      impersonationHeaders({ username: 'alice', groups: ['dev', 'system:authenticated', 'ops'] }),
    ).toEqual([
      ['Impersonate-User', 'alice'],
      ['Impersonate-Group', 'dev'],
      ['Impersonate-Group', 'ops'],
    ]);
  });
});
