import type { KubeObject } from '../../k8s/objects';
import { arr, num, rec, str } from '../../mesh/fields';
import type { BackendRef } from '../gateway-api';
import { fieldPath, type Reporter } from '../warnings';
import type { IngressBackend } from './read';

/** The backendRef of an Ingress backend; named ports resolve through the Service's ports. */
export function backendRef(
  b: IngressBackend,
  namespace: string,
  services: KubeObject[],
  field: string,
  report: Reporter,
): BackendRef | undefined {
  if (b.resource) {
    report.add(
      'error',
      fieldPath(field, 'resource'),
      'ingress-resource-backend',
      `resource backend ${b.resource} has no Gateway API form; not carried`,
    );
    return undefined;
  }
  const svc = b.service;
  if (!svc) {
    report.add('error', field, 'ingress-no-backend', 'backend without a Service; not carried');
    return undefined;
  }
  if (svc.port !== undefined) return { name: svc.name, port: svc.port };
  const service = services.find(
    (s) => s.metadata.name === svc.name && (s.metadata.namespace || 'default') === namespace,
  );
  const ports = arr(rec(service?.spec)?.ports).map(rec);
  const named = ports.find((p) => str(p?.name) === svc.portName);
  const port = num(named?.port);
  if (port !== undefined) {
    report.add(
      'info',
      fieldPath(fieldPath(field, 'service'), 'port'),
      'ingress-named-port',
      `named port ${svc.portName} is port ${port} of Service ${svc.name}`,
    );
    return { name: svc.name, port };
  }
  const only = ports.length === 1 ? num(ports[0]?.port) : undefined;
  if (!svc.portName && only !== undefined) return { name: svc.name, port: only };
  report.add(
    'error',
    fieldPath(fieldPath(field, 'service'), 'port'),
    'ingress-port-unknown',
    service
      ? `Service ${svc.name} has no port named ${svc.portName ?? '(none)'}; the backend is not carried`
      : `Service ${namespace}/${svc.name} is not in the input, so port ${svc.portName ?? '(none)'} cannot be resolved; the backend is not carried`,
  );
  return undefined;
}
