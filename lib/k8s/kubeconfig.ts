import 'server-only';
import { readFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { kubeconfigFiles, kubeconfigOrigin, serviceAccountRoot } from '../cluster/environment';

export { kubeconfigOrigin };

/** Loads the kubeconfig like kubectl does; switches to `context` when given. */
export function loadKubeConfig(context?: string): KubeConfig {
  const kc = new KubeConfig();
  if (kubeconfigOrigin() === 'in-cluster') kc.loadFromCluster(serviceAccountRoot());
  else kc.loadFromDefault();
  if (context) {
    if (!kc.getContexts().some((c) => c.name === context)) {
      throw new Error(
        `context "${context}" not found in kubeconfig (have: ${
          kc
            .getContexts()
            .map((c) => c.name)
            .join(', ') || 'none'
        })`,
      );
    }
    kc.setCurrentContext(context);
  }
  if (kubeconfigOrigin() !== 'in-cluster') compression.set(kc, kubeconfigFiles());
  return kc;
}

// Per kubeconfig: whether its current cluster says `disable-compression: true`, or, until first
// asked, the files it was loaded from (read then: listing contexts never needs it).
const compression = new WeakMap<KubeConfig, boolean | readonly string[]>();

/**
 * Whether the kubeconfig's current cluster asks for uncompressed responses (kubectl's
 * `disable-compression` cluster field, which client-node does not keep).
 */
export function compressionDisabled(kc: KubeConfig): boolean {
  const known = compression.get(kc);
  if (typeof known === 'boolean' || known === undefined) return known === true;
  const disabled = declaresNoCompression(known, kc);
  compression.set(kc, disabled);
  return disabled;
}

/** Carries `disable-compression` over to a kubeconfig made for the same cluster. */
export function markUncompressed(kc: KubeConfig): void {
  compression.set(kc, true);
}

/** Whether the first of `files` that defines `kc`'s current cluster sets `disable-compression: true`. */
export function declaresNoCompression(files: readonly string[], kc: KubeConfig): boolean {
  const name = kc.getCurrentCluster()?.name;
  if (!name) return false;
  for (const file of files) {
    let doc: { clusters?: { name?: unknown; cluster?: Record<string, unknown> }[] } | undefined;
    try {
      doc = parse(readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    const entry = Array.isArray(doc?.clusters) ? doc.clusters.find((c) => c?.name === name) : undefined;
    if (entry) return entry.cluster?.['disable-compression'] === true;
  }
  return false;
}

export interface ContextInfo {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
  current: boolean;
}

export function listContexts(kc: KubeConfig): ContextInfo[] {
  const current = kc.getCurrentContext();
  return kc.getContexts().map((c) => ({
    name: c.name,
    cluster: c.cluster,
    user: c.user,
    namespace: c.namespace,
    current: c.name === current,
  }));
}
