import 'server-only';
import { KubeConfig } from '@kubernetes/client-node';
import { compressionDisabled, markUncompressed } from './kubeconfig';
import type { ExtraHeaders } from './rest';

/**
 * A kubeconfig for the same cluster (server, CA, TLS settings) as `base`, authenticated only by a
 * bearer token: the server's own client certificate or token is not carried over, so the API
 * server sees the token's user and no one else.
 */
export function bearerKubeConfig(base: KubeConfig, token: string): KubeConfig {
  const cluster = base.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [cluster],
    users: [{ name: 'session', token }],
    contexts: [{ name: 'session', cluster: cluster.name, user: 'session' }],
    currentContext: 'session',
  });
  if (compressionDisabled(base)) markUncompressed(kc);
  return kc;
}

/** Headers that make the API server act as `user` (the caller needs the `impersonate` verb). */
export function impersonationHeaders(user: { username: string; groups: readonly string[] }): ExtraHeaders {
  return [
    ['Impersonate-User', user.username],
    ...user.groups.filter((g) => g !== 'system:authenticated').map((g) => ['Impersonate-Group', g] as const),
  ];
}
