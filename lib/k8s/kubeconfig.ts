import 'server-only';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * A directory prefix for the in-cluster service-account files (token, ca.crt, namespace), as
 * client-node's `loadFromCluster(pathPrefix)` takes it. Empty in a pod; tests point it at files
 * issued by a test API server to run the server exactly as the pod does.
 */
function serviceAccountRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.MESH_MIGRATOR_SERVICEACCOUNT_ROOT?.trim() ?? '';
}

/** Where a kubeconfig would come from, the way kubectl looks: KUBECONFIG, ~/.kube/config, in-cluster. */
export function kubeconfigOrigin(
  env: NodeJS.ProcessEnv = process.env,
): 'env' | 'home' | 'in-cluster' | undefined {
  const fromEnv = env.KUBECONFIG?.split(path.delimiter).filter(Boolean) ?? [];
  if (fromEnv.some((f) => existsSync(f))) return 'env';
  if (existsSync(path.join(homedir(), '.kube', 'config'))) return 'home';
  if (env.KUBERNETES_SERVICE_HOST && existsSync(`${serviceAccountRoot(env)}${IN_CLUSTER_TOKEN}`))
    return 'in-cluster';
  return undefined;
}

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
