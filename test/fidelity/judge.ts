import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The Istio judge built by `node scripts/build-istio.mjs` from `test/istio`. */
export const judgeBinary = path.join(repoRoot, 'test', 'istio', 'bin', 'istio-judge');

/** A proxy asking istiod for its configuration. */
export interface JudgeProxy {
  name: string;
  type: 'sidecar' | 'router' | 'waypoint';
  namespace: string;
  ip: string;
  labels?: Record<string, string>;
}

/** One set of objects istiod translates on its own (a fresh fake discovery server). */
export interface JudgeSide {
  name: string;
  /** YAML documents joined by `\n---\n`. */
  yaml: string;
  proxies: JudgeProxy[];
  /** `waypoint` mode: the external address of each LoadBalancer Service istiod creates (`ns/name`); absent = pending. */
  loadBalancerIPs?: Record<string, string>;
}

export interface JudgeCase {
  id: string;
  sides: JudgeSide[];
}

/** An object Istio's validation refuses, as its admission webhook would. */
export interface Rejected {
  object: string;
  reason: string;
}

/** What istiod pushes as RDS to each proxy: Envoy RouteConfigurations in proto JSON. */
export interface RoutesResult {
  case: string;
  side: string;
  error?: string;
  rejected?: Rejected[];
  proxies: Record<string, unknown[]>;
}

/** Istio's feature flags the judge runs with (read by istiod when the process starts). */
export const JUDGE_ENV = {
  PILOT_ENABLE_ALPHA_GATEWAY_API: 'true',
  PILOT_ENABLE_AMBIENT: 'true',
};

/** The judge's modes (`istio-judge <mode>`). */
export type JudgeMode = 'routes' | 'ambient' | 'status' | 'validate' | 'waypoint';

/** Runs the judge on `cases`, one JSON line per case and side; rejects when the process fails. */
export function runJudge<T>(mode: JudgeMode, cases: readonly JudgeCase[]): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(judgeBinary, [mode], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...JUDGE_ENV },
    });
    const out: T[] = [];
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (line.trim()) out.push(JSON.parse(line) as T);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`istio-judge ${mode} exited ${code}: ${stderr}`));
    });
    child.stdin.end(JSON.stringify({ cases }));
  });
}

/**
 * Runs the judge on `cases` in `workers` processes at once (each case is independent: istiod is
 * started afresh for each side), results in no particular order.
 */
export async function runJudgeParallel<T>(
  mode: JudgeMode,
  cases: readonly JudgeCase[],
  workers: number,
): Promise<T[]> {
  const n = Math.max(1, Math.min(workers, cases.length));
  const chunks = Array.from({ length: n }, (_, i) => cases.filter((_, j) => j % n === i));
  return (await Promise.all(chunks.map((c) => runJudge<T>(mode, c)))).flat();
}
