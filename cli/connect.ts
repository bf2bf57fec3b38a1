import type { ClusterSource } from '../lib/cluster/source';
import { createDemoCluster } from '../lib/demo';
import { FilesClusterSource } from '../lib/files/source';
import { kubeconfigOrigin, loadKubeConfig } from '../lib/k8s/kubeconfig';
import { KubeClusterSource } from '../lib/k8s/source';
import { UsageError } from './io';

export interface SourceFlags {
  context?: string;
  'from-files'?: string[];
  demo?: boolean;
}

/** The source a CLI command reads: --from-files, --demo, --context, or the kubeconfig's current context. */
export function sourceFromFlags(flags: SourceFlags): ClusterSource {
  const files = flags['from-files'] ?? [];
  const chosen = [files.length > 0, flags.demo === true, flags.context !== undefined].filter(Boolean).length;
  if (chosen > 1) throw new UsageError('use only one of --from-files, --demo and --context');
  if (files.length) return new FilesClusterSource(files);
  if (flags.demo) return createDemoCluster({});
  if (!kubeconfigOrigin()) {
    throw new UsageError(
      `no kubeconfig found (KUBECONFIG, ~/.kube/config or in-cluster)${flags.context ? ` to take context "${flags.context}" from` : ''}; use --from-files PATH or --demo`,
    );
  }
  return new KubeClusterSource({ kc: loadKubeConfig(flags.context) });
}

/** Source flags shared by every command that reads a cluster (node:util parseArgs options). */
export const SOURCE_OPTIONS = {
  context: { type: 'string' },
  'from-files': { type: 'string', multiple: true },
  demo: { type: 'boolean' },
} as const;
