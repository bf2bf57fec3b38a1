import type { KubeObject } from '../../k8s/objects';
import { GATEWAY_API_VERSION, MANAGED_BY_LABEL, MANAGED_BY_VALUE, SOURCE_ANNOTATION } from '../gateway-api';
import { dnsSubdomain } from '../names';
import type { Reporter } from '../warnings';
import { annotationField, type IngressSettings } from './annotations';
import { NGINX_PREFIX } from './catalogue';

/** BackendTLSPolicies for `backend-protocol: HTTPS|GRPCS`: one per backend Service of the Ingress. */
export function backendTlsPolicies(
  settings: IngressSettings,
  namespace: string,
  source: string,
  services: string[],
  clusterDomain: string,
  report: Reporter,
): KubeObject[] {
  const tls = settings.backendTls;
  if (!tls) return [];
  const field = annotationField(`${NGINX_PREFIX}backend-protocol`);
  if (!tls.verify)
    report.add(
      'warning',
      field,
      'ingress-backend-tls-verify',
      'ingress-nginx did not verify the backend certificate (proxy-ssl-verify off); a BackendTLSPolicy always verifies it, so the backend needs a certificate for the hostname below from a CA the Gateway trusts',
    );
  if (settings.backendProtocol === 'GRPC' || settings.backendProtocol === 'GRPCS')
    report.add(
      'info',
      field,
      'ingress-grpc',
      'gRPC is carried as HTTPRoute: give the Service port appProtocol kubernetes.io/h2c (or h2 with TLS) so the Gateway speaks HTTP/2 to it',
    );
  const [caNs, caName] = tls.caSecret?.includes('/') ? tls.caSecret.split('/') : [namespace, tls.caSecret];
  if (tls.caSecret)
    report.add(
      'warning',
      annotationField(`${NGINX_PREFIX}proxy-ssl-secret`),
      'ingress-backend-ca',
      `the backend CA came from Secret ${caNs}/${caName}; a BackendTLSPolicy reads ca.crt from a ConfigMap: create ConfigMap ${namespace}/${caName} with it`,
    );
  return services.map((svc) => {
    const name = svc.slice(svc.indexOf('/') + 1);
    return {
      apiVersion: GATEWAY_API_VERSION,
      kind: 'BackendTLSPolicy',
      metadata: {
        name: dnsSubdomain(`${name}-backend-tls`),
        namespace,
        labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE },
        annotations: { [SOURCE_ANNOTATION]: source },
      },
      spec: {
        targetRefs: [{ group: '', kind: 'Service', name }],
        validation: {
          hostname: tls.hostname ?? `${name}.${namespace}.svc.${clusterDomain}`,
          ...(caName
            ? { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: caName }] }
            : { wellKnownCACertificates: 'System' }),
        },
      },
    };
  });
}
