import { selectorMatches } from '../k8s/objects';
import type { ConvertLookup, ServiceInfo, Workload } from './lookup';
import { fieldPath, type Reporter } from './warnings';

/**
 * Istio Gateway server ports name either a port of the ingress Service or the ingress pod's port
 * (a Service targetPort, as bookinfo's 8080 behind Service port 80). Istio prefers the Service port
 * and maps an unambiguous target port to the Service port that targets it; clients connect to the
 * Service port. A Gateway API listener port is what clients connect to, so each server port becomes
 * the Service port clients used.
 */

/** Istio's default ingress Service (`istio-ingressgateway`) exposes these pod ports as 80 and 443. */
const ISTIO_DEFAULT_TARGETS = new Map([
  [8080, 80],
  [8443, 443],
]);

/** Services that send traffic to the Istio Gateway's workload: by its pods when known, else by selector overlap. */
export function ingressServices(
  selector: Record<string, string> | undefined,
  workloads: readonly Workload[],
  lookup: ConvertLookup,
): ServiceInfo[] {
  if (!selector || Object.keys(selector).length === 0) return [];
  const out: ServiceInfo[] = [];
  for (const svc of lookup.services.values()) {
    const sel = svc.selector;
    if (!sel) continue;
    const selects =
      workloads.length > 0
        ? workloads.some((w) => w.namespace === svc.namespace && selectorMatches(sel, w.labels))
        : Object.entries(selector).every(([k, v]) => sel[k] === v) ||
          Object.entries(sel).every(([k, v]) => selector[k] === v);
    if (selects) out.push(svc);
  }
  return out;
}

const ref = (s: ServiceInfo) => `${s.namespace}/${s.name}`;

/**
 * The listener port for Istio server port `port` (`spec.servers[i]`), reporting every change and
 * every case where the port clients used cannot be known.
 */
export function listenerPort(
  port: number,
  serverPath: string,
  services: ServiceInfo[],
  report: Reporter,
): number {
  const field = fieldPath(fieldPath(serverPath, 'port'), 'number');
  if (services.length === 0) {
    const usual = ISTIO_DEFAULT_TARGETS.get(port);
    report.add(
      usual ? 'warning' : 'info',
      field,
      'ingress-port-unknown',
      usual
        ? `port ${port} is the ingress pod's port behind Istio's default ingress Service, where clients connect on ${usual}; the ingress Service is not in the input, so the listener listens on ${port}: clients move from port ${usual} to ${port} unless the listener port is set to ${usual}`
        : `the ingress Service selecting this Gateway's workload is not in the input; the listener listens on ${port}, which clients used only if it is that Service's port (not its targetPort)`,
    );
    return port;
  }
  const names = services.map(ref).join(', ');
  if (services.some((s) => s.ports.some((p) => p.port === port))) return port;
  const targeting = new Set<number>();
  for (const s of services)
    for (const p of s.ports) if ((p.targetPort ?? p.port) === port) targeting.add(p.port);
  const [only, ...more] = [...targeting].sort((a, b) => a - b);
  if (only !== undefined && more.length === 0) {
    report.add(
      'info',
      field,
      'ingress-port',
      `port ${port} is the ingress pod's port; clients reach it on port ${only} of Service ${names}, so the listener listens on ${only}`,
    );
    return only;
  }
  report.add(
    'warning',
    field,
    'ingress-port-unknown',
    only === undefined
      ? `no port of Service ${names} is or targets ${port} (a named targetPort is not followed); the listener listens on ${port}: check the port clients use`
      : `ports ${[...targeting].join(', ')} of Service ${names} all target ${port}; the listener listens on ${port}: clients on those ports move to ${port}`,
  );
  return port;
}
