/** The demo's declared call graph: who calls whom, how often, how well, how fast. */
import { parse } from 'yaml';
import { z } from 'zod';
import type { KubeObject } from '../../k8s/objects';

/** ConfigMaps with this label carry a namespace's calls (`calls.yaml`) and faults (`faults.yaml`). */
export const TRAFFIC_LABEL = 'demo.mesh-migrator.io/traffic';

export interface Call {
  from: { namespace: string; workload: string };
  to: { namespace: string; service: string };
  protocol: 'http' | 'grpc' | 'tcp';
  /** Requests (tcp: connections) per second. */
  rps: number;
  /** Fraction answered 5xx by the application, 0..1. */
  errors: number;
  p50Ms: number;
  p99Ms: number;
  /** Bytes sent by the caller per request or connection. */
  bytes: number;
}

/** A fault the scenario injects into a namespace once a migration step has put it in place. */
export interface Fault {
  namespace: string;
  /**
   * `deny-waypoint`: once the namespace's Services route through a waypoint, an L4 DENY
   * AuthorizationPolicy on the waypoint's identity appears (as if synced from elsewhere), so
   * every request through the waypoint fails.
   */
  kind: 'deny-waypoint';
}

const CallYaml = z.object({
  from: z.string().min(1),
  to: z.string().min(1),
  protocol: z.enum(['http', 'grpc', 'tcp']).default('http'),
  rps: z.number().positive(),
  errors: z.number().min(0).max(1).default(0),
  latency: z
    .object({ p50: z.number().positive(), p99: z.number().positive() })
    .refine((l) => l.p99 >= l.p50, 'p99 must not be below p50')
    .default({ p50: 10, p99: 50 }),
  bytes: z.number().positive().default(2048),
});
const FaultYaml = z.object({ kind: z.literal('deny-waypoint') });

function split(ref: string, ns: string): [string, string] {
  const i = ref.indexOf('/');
  return i < 0 ? [ns, ref] : [ref.slice(0, i), ref.slice(i + 1)];
}

function readList<T>(text: string | undefined, schema: z.ZodType<T>, where: string, problems: string[]): T[] {
  if (!text) return [];
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    problems.push(`${where}: ${(e as Error).message}`);
    return [];
  }
  const list = z.array(z.unknown()).safeParse(doc ?? []);
  if (!list.success) {
    problems.push(`${where}: expected a list`);
    return [];
  }
  const out: T[] = [];
  list.data.forEach((item, i) => {
    const r = schema.safeParse(item);
    if (r.success) out.push(r.data);
    else
      problems.push(
        `${where}[${i}]: ${r.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`,
      );
  });
  return out;
}

/**
 * Reads the call graph and faults from the labelled ConfigMaps. Names without a `namespace/`
 * prefix are in the ConfigMap's namespace. Entries that do not parse are reported, not applied.
 */
export function readTraffic(configMaps: readonly KubeObject[]): {
  calls: Call[];
  faults: Fault[];
  problems: string[];
} {
  const calls: Call[] = [];
  const faults: Fault[] = [];
  const problems: string[] = [];
  for (const cm of configMaps) {
    if (cm.metadata.labels?.[TRAFFIC_LABEL] === undefined) continue;
    const ns = cm.metadata.namespace ?? 'default';
    const data = (cm as { data?: Record<string, string> }).data ?? {};
    const where = `ConfigMap ${ns}/${cm.metadata.name}`;
    for (const c of readList(data['calls.yaml'], CallYaml, `${where} calls.yaml`, problems)) {
      const [fromNs, workload] = split(c.from, ns);
      const [toNs, service] = split(c.to, ns);
      calls.push({
        from: { namespace: fromNs, workload },
        to: { namespace: toNs, service },
        protocol: c.protocol,
        rps: c.rps,
        errors: c.errors,
        p50Ms: c.latency.p50,
        p99Ms: c.latency.p99,
        bytes: c.bytes,
      });
    }
    for (const f of readList(data['faults.yaml'], FaultYaml, `${where} faults.yaml`, problems))
      faults.push({ namespace: ns, kind: f.kind });
  }
  return { calls, faults, problems };
}
