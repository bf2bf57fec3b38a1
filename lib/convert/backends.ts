import type { IstioDestination } from '../model/istio/spec';
import type { ConvertContext } from './context';
import type { BackendObjectRef } from './gateway-api';
import { ISTIO_NETWORKING_GROUP } from './gateway-api';
import { type HostTarget, resolveHost } from './hosts';
import type { ServicePort } from './lookup';
import { subsetBackendName } from './subsets';
import { fieldPath } from './warnings';

/** What kind of traffic a backend carries; picks the port when the destination names none. */
export type TrafficHint = 'http' | 'grpc' | 'tcp' | 'tls';

export interface ResolvedBackend {
  ref: BackendObjectRef;
  /** The port, when it is known to speak gRPC (appProtocol or name). */
  grpc: boolean;
  target: HostTarget;
}

const HTTP_APP_PROTOCOLS = new Set([
  'http',
  'http2',
  'h2c',
  'grpc',
  'grpc-web',
  'kubernetes.io/h2c',
  'kubernetes.io/ws',
  'kubernetes.io/wss',
]);

/** True when a Service port is declared as gRPC (appProtocol `grpc` or a name `grpc`/`grpc-*`). */
export function isGrpcPort(p: { name?: string; appProtocol?: string; protocol?: string }): boolean {
  const app = p.appProtocol?.toLowerCase();
  if (app === 'grpc' || app === 'grpc-web') return true;
  if (p.protocol && /^grpc/i.test(p.protocol)) return true;
  return app === undefined && /^grpc(-|$)/i.test(p.name ?? '');
}

function isHttpPort(p: { name?: string; appProtocol?: string; protocol?: string }): boolean {
  const app = p.appProtocol?.toLowerCase();
  if (app) return HTTP_APP_PROTOCOLS.has(app);
  if (p.protocol && /^(http|grpc)/i.test(p.protocol)) return true;
  return /^(http|http2|grpc|grpc-web)(-|$)/i.test(p.name ?? '');
}

interface PortLike {
  name?: string;
  port: number;
  appProtocol?: string;
  protocol?: string;
}

function pickPort(ports: PortLike[], hint: TrafficHint): { port: PortLike | undefined; guessed: boolean } {
  if (ports.length === 1) return { port: ports[0], guessed: false };
  const wantHttp = hint === 'http' || hint === 'grpc';
  const preferred = wantHttp
    ? (ports.find((p) => (hint === 'grpc' ? isGrpcPort(p) : isHttpPort(p))) ?? ports.find(isHttpPort))
    : undefined;
  return { port: preferred ?? ports[0], guessed: true };
}

function servicePorts(target: HostTarget): PortLike[] | undefined {
  if (target.kind === 'service') return target.service?.ports;
  if (target.kind === 'serviceentry') {
    return (target.entry.spec.ports ?? [])
      .filter((p): p is typeof p & { number: number } => typeof p.number === 'number')
      .map((p) => ({ port: p.number, name: p.name, protocol: p.protocol }));
  }
  return undefined;
}

/**
 * Turns an Istio destination into a backendRef: a Service (the per-subset Service for a subset),
 * or for ServiceEntry hosts Istio's own `networking.istio.io/Hostname` kind. Reports every guess.
 */
export function resolveDestination(
  dest: IstioDestination,
  path: string,
  ctx: ConvertContext,
  hint: TrafficHint,
): ResolvedBackend {
  const target = resolveHost(dest.host, ctx.namespace, ctx.lookup);
  const ports = servicePorts(target);
  let port: number | undefined = dest.port;
  let grpc = false;
  const hostPath = fieldPath(path, 'host');
  if (port !== undefined && (port < 1 || port > 65535)) {
    ctx.report.add(
      'error',
      fieldPath(fieldPath(path, 'port'), 'number'),
      'invalid-port',
      `port ${port} is out of range; 80 used`,
    );
    port = 80;
  }
  if (port !== undefined) {
    const declared = ports?.find((p) => p.port === port);
    grpc = declared ? isGrpcPort(declared) : false;
    if (ports && ports.length > 0 && !declared && target.kind === 'service') {
      ctx.report.add(
        'warning',
        fieldPath(fieldPath(path, 'port'), 'number'),
        'unknown-port',
        `Service ${target.namespace}/${target.name} has no port ${port}`,
      );
    }
  } else if (ports && ports.length > 0) {
    const { port: chosen, guessed } = pickPort(ports, hint);
    port = chosen?.port ?? 80;
    grpc = chosen ? isGrpcPort(chosen) : false;
    if (guessed) {
      ctx.report.add(
        'warning',
        path,
        'port-guessed',
        `${dest.host} has several ports and the destination names none; Gateway API needs one: port ${port} chosen, set destination.port to be sure`,
      );
    }
  } else if (target.kind === 'service' || target.kind === 'serviceentry' || target.kind === 'external') {
    port = 80;
    ctx.report.add(
      'error',
      path,
      'port-unknown',
      `the port of ${dest.host} is unknown and Gateway API needs one: 80 used, set destination.port`,
    );
  }
  let ref: BackendObjectRef;
  switch (target.kind) {
    case 'service': {
      if (!target.service) {
        ctx.report.add(
          'error',
          hostPath,
          'service-not-found',
          `Service ${target.namespace}/${target.name} is not in the input`,
        );
      }
      const name =
        dest.subset !== undefined
          ? subsetBackendName(target, dest.subset, fieldPath(path, 'subset'), ctx)
          : target.name;
      ref = {
        name,
        ...(target.namespace !== ctx.namespace ? { namespace: target.namespace } : {}),
        port: port ?? 80,
      };
      break;
    }
    case 'serviceentry':
    case 'external': {
      ref = { group: ISTIO_NETWORKING_GROUP, kind: 'Hostname', name: target.host, port: port ?? 80 };
      if (target.kind === 'serviceentry') {
        ctx.report.add(
          'warning',
          hostPath,
          'hostname-backend',
          `${dest.host} is a ServiceEntry host (${target.entry.namespace}/${target.entry.name}); backendRef kind Hostname (networking.istio.io) is Istio-specific, not portable Gateway API`,
        );
      } else {
        ctx.report.add(
          'error',
          hostPath,
          'host-not-found',
          `${dest.host} is neither a Service nor a ServiceEntry host in the input; written as an Istio Hostname backend`,
        );
      }
      if (dest.subset !== undefined) {
        ctx.report.add(
          'error',
          fieldPath(path, 'subset'),
          'subset-not-service',
          `subset ${dest.subset} of a non-Service host cannot be expressed and is dropped`,
        );
      }
      break;
    }
    case 'wildcard':
      ctx.report.add(
        'error',
        hostPath,
        'wildcard-destination',
        `destination host ${dest.host} is a wildcard; Gateway API backends name one Service`,
      );
      ref = { group: ISTIO_NETWORKING_GROUP, kind: 'Hostname', name: target.host, port: port ?? 80 };
      break;
  }
  return { ref, grpc, target };
}

export type { ServicePort };
