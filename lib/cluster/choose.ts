/** Which cluster the app starts on, from the environment. Pure so it can be tested. */
export type SourceChoice =
  | { source: 'demo' }
  | { source: 'files'; paths: string[] }
  | { source: 'kube'; context?: string };

/**
 * `MESH_MIGRATOR_CLUSTER=demo` forces the demo; `MESH_MIGRATOR_FROM_FILES=a,b` reads dumps;
 * otherwise a kubeconfig (KUBECONFIG, ~/.kube/config, in-cluster) wins, and the demo is the fallback.
 */
export function chooseSource(env: Record<string, string | undefined>, hasKubeconfig: boolean): SourceChoice {
  const forced = env.MESH_MIGRATOR_CLUSTER?.trim();
  if (forced === 'demo') return { source: 'demo' };
  const files = env.MESH_MIGRATOR_FROM_FILES?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (files?.length) return { source: 'files', paths: files };
  if (forced && forced !== 'kube') return { source: 'kube', context: forced };
  if (hasKubeconfig || forced === 'kube')
    return { source: 'kube', context: env.MESH_MIGRATOR_CONTEXT || undefined };
  return { source: 'demo' };
}

/** `true`, `1`, `yes` (any case) turn a flag on. */
export function envFlag(v: string | undefined): boolean {
  return /^(1|true|yes|on)$/i.test(v?.trim() ?? '');
}
