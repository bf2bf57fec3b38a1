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
  problems: { file: string; document?: number; message: string }[];
  unknownKinds: string[];
  auth: AuthStatusView;
}

/** Who is logged in and what the session may change. */
export interface AuthStatusView {
  mode: 'local' | 'none' | 'token' | 'oidc' | 'proxy';
  username: string;
  /** Local mode only: the session may look at another kubeconfig context or the demo. */
  canSwitch: boolean;
  canLogout: boolean;
  /** MESH_MIGRATOR_READ_ONLY is set: no session can turn writes on. */
  policyReadOnly: boolean;
  /** This session switched writes off. */
  sessionReadOnly: boolean;
  readOnlyReason?: string;
  /** Shown in the header, e.g. no login on a network address. */
  warning?: string;
}
