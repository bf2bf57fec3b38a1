import 'server-only';
import { availableContexts, type Connection, isReadOnly } from '../cluster/registry';
import { FilesClusterSource } from '../files/source';
import { KINDS } from '../k8s/kinds';
import type { ClusterStatusView } from '../views/cluster';

/** Reshapes the connection into the view the header and Overview render. */
export async function clusterStatus(conn: Connection): Promise<ClusterStatusView> {
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
  return {
    id: conn.id,
    info: { ...info, readOnly: info.readOnly || isReadOnly() },
    error: conn.error,
    identity,
    revision: snap.revision,
    contexts: availableContexts(),
    kinds: KINDS.map((k) => ({
      key: k.key,
      label: k.label,
      kind: k.kind,
      group: k.group,
      status: snap.kinds[k.key],
    })),
    problems: files?.problems ?? [],
    unknownKinds: files?.unknown.map((u) => `${u.apiVersion} ${u.ref}`) ?? [],
  };
}
