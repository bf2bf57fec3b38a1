import type { KubeObject } from '../../k8s/objects';
import {
  GATEWAY_API_VERSION,
  type Listener,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  SOURCE_ANNOTATION,
} from '../gateway-api';
import { dnsLabel } from '../names';

/** A listener an Ingress host needs on its class's Gateway. */
export interface ListenerNeed {
  host: string;
  protocol: 'HTTP' | 'HTTPS' | 'TLS';
  secret?: string;
}

/** Name of the Gateway serving one ingress class in a namespace. */
export function ingressGatewayName(className: string | undefined): string {
  return dnsLabel(`ingress-${className ?? 'default'}`);
}

/** Listener name (a DNS label) for a host and protocol: `https-shop-example-com`, `http-any`, `https-wildcard-example-com`. */
export function listenerName(protocol: ListenerNeed['protocol'], host: string): string {
  const slug = host === '' ? 'any' : host.replace(/^\*\./, 'wildcard.');
  return dnsLabel(`${protocol.toLowerCase()}-${slug.replace(/\./g, '-')}`);
}

const PORT = { HTTP: 80, HTTPS: 443, TLS: 443 } as const;

/** The Gateway of one ingress class in one namespace: one listener per host and protocol. */
export function ingressGateway(
  namespace: string,
  className: string | undefined,
  gatewayClassName: string,
  needs: ListenerNeed[],
  sources: string[],
): KubeObject {
  const listeners = new Map<string, Listener>();
  const order = (n: ListenerNeed) => `${n.host === '' ? '~' : n.host}\n${n.protocol}`;
  for (const n of [...needs].sort((x, y) => (order(x) < order(y) ? -1 : order(x) > order(y) ? 1 : 0))) {
    const name = listenerName(n.protocol, n.host);
    if (listeners.has(name)) continue;
    const l: Listener = { name, port: PORT[n.protocol], protocol: n.protocol };
    if (n.host) l.hostname = n.host;
    if (n.protocol === 'HTTPS')
      l.tls = {
        mode: 'Terminate',
        certificateRefs: [{ group: '', kind: 'Secret', name: n.secret ?? 'missing' }],
      };
    if (n.protocol === 'TLS') l.tls = { mode: 'Passthrough' };
    l.allowedRoutes = { namespaces: { from: 'Same' } };
    listeners.set(name, l);
  }
  return {
    apiVersion: GATEWAY_API_VERSION,
    kind: 'Gateway',
    metadata: {
      name: ingressGatewayName(className),
      namespace,
      labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE },
      annotations: { [SOURCE_ANNOTATION]: [...new Set(sources)].sort().join(',') },
    },
    spec: { gatewayClassName, listeners: [...listeners.values()] },
  };
}
