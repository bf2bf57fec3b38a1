import 'server-only';
import { FULL_ACCESS } from '../auth/access';
import type { AuthConfig } from '../auth/config';
import { type Credential, type RequestUser, resolveRequest } from '../auth/identity';
import type { Session } from '../auth/session';
import type { SourceChoice } from '../cluster/choose';
import { type Connection, getConnection } from '../cluster/registry';
import type { ClusterSource } from '../cluster/source';
import { bearerKubeConfig, impersonationHeaders } from '../k8s/credentials';
import { isApiError } from '../k8s/errors';
import { isKubeSource, KubeClusterSource } from '../k8s/source';
import { processWide } from '../model/process-wide';
import { cachedAccess } from './access';
import { serverAuth } from './auth';
import { LeaseLock, MemoryLock, type NamespaceLock } from './lock';
import { UserClusterSource } from './user-source';

/** What every route handler and page gets: who is asking, and the cluster as that user. */
export interface RequestContext {
  /** The person acting; `username` is what the API server knows them as. */
  user: RequestUser;
  /**
   * The shared connection, with `source` replaced by this user's view: reads from the shared cache
   * filtered to what their RBAC lets them list; writes, dry runs and reviews go as them.
   */
  conn: Connection;
  /** The same user view as `conn.source`: pass it to previewStep/applyStep/rollbackStep. */
  writer: ClusterSource;
  /** The session (absent in local/none mode before the first `GET /api/auth/session`). */
  session?: Session;
  auth: AuthConfig;
  /** Why writes are off for this request, if they are (policy first, then the session's switch). */
  readOnlyReason?: string;
  /** Serialises applies and rollbacks per namespace (a Lease written as the user on a real cluster). */
  lock: NamespaceLock;
}

export type ContextResult =
  | { ok: true; ctx: RequestContext; setCookies: string[] }
  | { ok: false; status: 401 | 503; error: string; setCookies: string[] };

export const POLICY_READ_ONLY = 'the server runs read-only (MESH_MIGRATOR_READ_ONLY)';
export const SESSION_READ_ONLY = 'read-only is on for this session';

/** The source a local-mode session looks at (`demo` or `kube:<context>`); other modes use the server's. */
export function sessionChoice(auth: AuthConfig, session: Session | undefined): SourceChoice | undefined {
  if (auth.mode !== 'local' || !session?.source) return undefined;
  if (session.source === 'demo') return { source: 'demo' };
  if (session.source.startsWith('kube:')) return { source: 'kube', context: session.source.slice(5) };
  return undefined;
}

const usernames = processWide('context:local-usernames', () => new Map<string, Promise<string>>());

/** Local mode: the kubeconfig's user as the API server names it, asked once per connection. */
function localUsername(conn: Connection): Promise<string> {
  const cache = usernames;
  let p = cache.get(conn.id);
  if (!p) {
    p = conn.source
      .whoAmI()
      .then((i) => i.username)
      .catch(() => 'local user');
    cache.set(conn.id, p);
  }
  return p;
}

function actorFor(shared: ClusterSource, credential: Credential, user: RequestUser): ClusterSource | string {
  if (credential.kind === 'server') return shared;
  if (!isKubeSource(shared))
    return `MESH_MIGRATOR_AUTH=${user.mode} needs a Kubernetes cluster, not the ${shared.info().source} source`;
  if (credential.kind === 'bearer')
    return new KubeClusterSource({ kc: bearerKubeConfig(shared.kubeConfig, credential.token) });
  return new KubeClusterSource({ kc: shared.kubeConfig, headers: impersonationHeaders(user) });
}

/** Resolves the user of a request and builds their view of the cluster. */
export async function requestContext(headers: Headers): Promise<ContextResult> {
  const auth = serverAuth();
  const r = await resolveRequest(headers, auth);
  if (!r.user)
    return {
      ok: false,
      status: 401,
      error: `not logged in: ${r.reason ?? 'no session'}`,
      setCookies: r.setCookies,
    };
  const conn = await getConnection(sessionChoice(auth, r.session));
  let user = r.user;
  if (r.credential.kind === 'server') user = { ...user, username: await localUsername(conn) };
  const actor = actorFor(conn.source, r.credential, user);
  if (typeof actor === 'string') return { ok: false, status: 503, error: actor, setCookies: r.setCookies };
  const readOnlyReason = auth.readOnlyPolicy
    ? POLICY_READ_ONLY
    : r.session?.readOnly
      ? SESSION_READ_ONLY
      : undefined;
  let access = FULL_ACCESS;
  if (r.credential.kind !== 'server' && isKubeSource(actor) && !conn.error) {
    const namespaces = conn.source.snapshot().resources.namespaces.map((n) => n.metadata.name);
    try {
      access = await cachedAccess(`${user.username}\n${user.groups.join(',')}`, actor.rest, namespaces);
    } catch (e) {
      // A token the API server no longer accepts (revoked, expired) is a session that ended.
      if (isApiError(e) && e.status === 401)
        return {
          ok: false,
          status: 401,
          error: 'the API server no longer accepts your credentials: log in again',
          setCookies: r.setCookies,
        };
      return {
        ok: false,
        status: 503,
        error: `could not check your access: ${(e as Error).message}`,
        setCookies: r.setCookies,
      };
    }
  }
  const source = new UserClusterSource({
    shared: conn.source,
    actor,
    access,
    userKey: `${user.username}\n${user.groups.join(',')}`,
    ...(readOnlyReason ? { readOnlyReason } : {}),
  });
  const ctx: RequestContext = {
    user,
    conn: { ...conn, source },
    writer: source,
    auth,
    lock: isKubeSource(actor) ? new LeaseLock(actor.rest) : new MemoryLock(),
    ...(r.session ? { session: r.session } : {}),
    ...(readOnlyReason ? { readOnlyReason } : {}),
  };
  return { ok: true, ctx, setCookies: r.setCookies };
}
