import type { KubeObject } from '../../k8s/objects';

/** Short constructors for test inputs. */

const ISTIO = 'networking.istio.io/v1';

export function virtualService(
  name: string,
  namespace: string,
  spec: Record<string, unknown>,
  apiVersion = ISTIO,
): KubeObject {
  return { apiVersion, kind: 'VirtualService', metadata: { name, namespace }, spec };
}

export function destinationRule(name: string, namespace: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: ISTIO, kind: 'DestinationRule', metadata: { name, namespace }, spec };
}

export function istioGateway(name: string, namespace: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: ISTIO, kind: 'Gateway', metadata: { name, namespace }, spec };
}

export function serviceEntry(name: string, namespace: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: ISTIO, kind: 'ServiceEntry', metadata: { name, namespace }, spec };
}

export interface PortSpec {
  name?: string;
  port: number;
  appProtocol?: string;
  targetPort?: number | string;
}

export function service(
  name: string,
  namespace: string,
  ports: PortSpec[] = [{ name: 'http', port: 9080 }],
  selector: Record<string, string> | null = { app: name },
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: { ...(selector ? { selector } : {}), ports },
  };
}

export function pod(name: string, namespace: string, labels: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels } };
}
