import 'server-only';
import { decodeJwt } from 'jose';
import { getConnection } from '../cluster/registry';
import type { Identity } from '../cluster/source';
import { bearerKubeConfig } from '../k8s/credentials';
import { ApiError, isApiError } from '../k8s/errors';
import { isKubeSource, KubeClusterSource } from '../k8s/source';

/** Epoch seconds at which a JWT bearer token expires, if it is a JWT with `exp`. */
export function tokenExpiry(token: string): number | undefined {
  try {
    const exp = decodeJwt(token).exp;
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Asks the API server who a bearer token belongs to (SelfSubjectReview, sent with that token
 * only). A token the API server does not accept is a 401.
 */
export async function identityOfToken(token: string): Promise<Identity> {
  const conn = await getConnection();
  if (!isKubeSource(conn.source))
    throw new ApiError(
      `token login needs a Kubernetes cluster; this server shows the ${conn.source.info().source} source`,
      {
        status: 503,
      },
    );
  const probe = new KubeClusterSource({ kc: bearerKubeConfig(conn.source.kubeConfig, token) });
  try {
    const id = await probe.whoAmI();
    if (!id.username || id.username === 'unknown' || id.username === 'system:anonymous')
      throw new ApiError('the API server does not know this token', { status: 401 });
    return id;
  } catch (e) {
    if (isApiError(e) && (e.status === 401 || e.status === 403))
      throw new ApiError('the API server does not accept this token', { status: 401 });
    throw e;
  }
}
