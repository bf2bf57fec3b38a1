import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '@/lib/k8s/objects';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const chartDir = path.join(repoRoot, 'charts', 'mesh-migrator');
export const helmValuesDir = path.join(repoRoot, 'test', 'fixtures', 'helm');
export const helmBinary = path.join(repoRoot, 'test', 'helm', 'bin', 'helm');

export interface HelmRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the Helm built from helm.sh/helm/v3 (scripts/go-build.mjs) with a private config home. */
export function helm(args: string[], env: Record<string, string> = {}): HelmRun {
  const home = path.join(repoRoot, 'test-results', 'helm-home');
  const r = spawnSync(helmBinary, args, {
    encoding: 'utf8',
    env: {
      ...process.env,
      HELM_CONFIG_HOME: path.join(home, 'config'),
      HELM_CACHE_HOME: path.join(home, 'cache'),
      HELM_DATA_HOME: path.join(home, 'data'),
      ...env,
    },
    timeout: 120_000,
  });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** `values/<mode>.yaml` of the chart tests. */
export function valuesFile(mode: string): string {
  return path.join(helmValuesDir, `${mode}.yaml`);
}

/** Renders the chart with a values file; throws with Helm's message when it refuses. */
export function renderChart(
  release: string,
  namespace: string,
  mode: string,
  extra: string[] = [],
): KubeObject[] {
  const r = helm(['template', release, chartDir, '--namespace', namespace, '-f', valuesFile(mode), ...extra]);
  if (r.status !== 0) throw new Error(`helm template (${mode}) failed: ${r.stderr}`);
  return parseAllDocuments(r.stdout)
    .map((d) => d.toJS() as KubeObject | null)
    .filter((o): o is KubeObject => o !== null && typeof o === 'object' && 'kind' in o);
}

/** The one object of a kind (and name suffix) in a rendering. */
export function pick(objects: readonly KubeObject[], kind: string, nameSuffix = ''): KubeObject {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name.endsWith(nameSuffix));
  if (found.length !== 1) throw new Error(`expected one ${kind} *${nameSuffix}, found ${found.length}`);
  return found[0] as KubeObject;
}
