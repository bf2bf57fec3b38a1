import 'server-only';
import { KubeConfig } from '@kubernetes/client-node';
import { kubeconfigOrigin, serviceAccountRoot } from '../cluster/environment';

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
  return kc;
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
