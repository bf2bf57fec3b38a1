import 'server-only';
import { availableContexts } from '../cluster/registry';
import { FilesClusterSource } from '../files/source';
import { KINDS } from '../k8s/kinds';
import type { ClusterStatusView } from '../views/cluster';
import { POLICY_READ_ONLY, type RequestContext } from './context';

/** Reshapes the user's connection into the view the header and Overview render. */
export async function clusterStatus(ctx: RequestContext): Promise<ClusterStatusView> {
  const conn = ctx.conn;
  const snap = conn.source.snapshot();
  const info = conn.source.info();
  let identity: ClusterStatusView['identity'];
  if (!conn.error) {
    try {
      identity = await conn.source.whoAmI();
    } catch {
      identity = undefined;
    }
  }
  const files = conn.source instanceof FilesClusterSource ? conn.source : undefined;
  const local = ctx.auth.mode === 'local';
  return {
    id: conn.id,
    info,
    error: conn.error,
    identity,
    revision: snap.revision,
    // Other contexts of the kubeconfig are the local user's own; a shared server offers none.
    contexts: local ? availableContexts() : [],
    kinds: KINDS.map((k) => ({
      key: k.key,
      label: k.label,
      kind: k.kind,
      group: k.group,
      status: snap.kinds[k.key],
    })),
    problems: files?.problems ?? [],
    unknownKinds: files?.unknown.map((u) => `${u.apiVersion} ${u.ref}`) ?? [],
    auth: {
      mode: ctx.auth.mode,
      username: ctx.user.username,
      canSwitch: local,
      canLogout: ctx.auth.mode === 'token' || ctx.auth.mode === 'oidc',
      policyReadOnly: ctx.auth.readOnlyPolicy,
      sessionReadOnly: ctx.session?.readOnly === true,
      ...(ctx.readOnlyReason === POLICY_READ_ONLY ? { readOnlyReason: POLICY_READ_ONLY } : {}),
      ...(ctx.auth.warning ? { warning: ctx.auth.warning } : {}),
    },
  };
}
