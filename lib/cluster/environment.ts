/**
 * Which cluster this process's environment names, decided from variables and file checks only:
 * nothing here loads the Kubernetes client (lib/server/preload.ts decides before loading it).
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { chooseSource, type SourceChoice } from './choose';

const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * A directory prefix for the in-cluster service-account files (token, ca.crt, namespace), as
 * client-node's `loadFromCluster(pathPrefix)` takes it. Empty in a pod; tests point it at files
 * issued by a test API server to run the server exactly as the pod does.
 */
export function serviceAccountRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.MESH_MIGRATOR_SERVICEACCOUNT_ROOT?.trim() ?? '';
}

/** The kubeconfig files KUBECONFIG names, in order. */
function envKubeconfigs(env: NodeJS.ProcessEnv): string[] {
  return env.KUBECONFIG?.split(path.delimiter).filter(Boolean) ?? [];
}

const homeKubeconfig = () => path.join(homedir(), '.kube', 'config');

/** The files kubectl reads, in order: KUBECONFIG's list, else ~/.kube/config. */
export function kubeconfigFiles(env: NodeJS.ProcessEnv = process.env): string[] {
  const fromEnv = envKubeconfigs(env);
  return fromEnv.length > 0 ? fromEnv : [homeKubeconfig()];
}

/** Where a kubeconfig would come from, the way kubectl looks: KUBECONFIG, ~/.kube/config, in-cluster. */
export function kubeconfigOrigin(
  env: NodeJS.ProcessEnv = process.env,
): 'env' | 'home' | 'in-cluster' | undefined {
  if (envKubeconfigs(env).some((f) => existsSync(f))) return 'env';
  if (existsSync(homeKubeconfig())) return 'home';
  if (env.KUBERNETES_SERVICE_HOST && existsSync(`${serviceAccountRoot(env)}${IN_CLUSTER_TOKEN}`))
    return 'in-cluster';
  return undefined;
}

/** The source the environment chooses (MESH_MIGRATOR_CLUSTER, files, kubeconfig, demo). */
export function defaultChoice(env: NodeJS.ProcessEnv = process.env): SourceChoice {
  return chooseSource(env, kubeconfigOrigin(env) !== undefined);
}
