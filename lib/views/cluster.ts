import type { KindStatus } from '../cluster/snapshot';
import type { ClusterInfo, Identity } from '../cluster/source';
import type { KindKey } from '../k8s/kinds';
import type { ContextInfo } from '../k8s/kubeconfig';

/** What the header and the status pages know about the connection. Serialisable. */
export interface ClusterStatusView {
  id: string;
  info: ClusterInfo;
  error?: string;
  identity?: Identity;
  revision: number;
  contexts: ContextInfo[];
  kinds: { key: KindKey; label: string; kind: string; group: string; status: KindStatus }[];
  problems: { file: string; document: number; message: string }[];
  unknownKinds: string[];
}
