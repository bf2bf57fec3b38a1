import type { ServerTLSSettings } from '../model/istio/spec';
import type { FrontendValidation, SecretObjectRef } from './gateway-api';
import { dnsSubdomain } from './names';
import { fieldPath, type Reporter } from './warnings';

/** TLS parts of Istio servers: certificate Secrets, client validation, settings without a field. */

export interface ServerContext {
  gwName: string;
  gwNamespace: string;
  /** Namespace Istio reads credentialName Secrets from (the gateway workload's). */
  secretNamespace: string;
  report: Reporter;
}

function secretRef(name: string, sc: ServerContext): SecretObjectRef {
  return {
    group: '',
    kind: 'Secret',
    name,
    ...(sc.secretNamespace !== sc.gwNamespace ? { namespace: sc.secretNamespace } : {}),
  };
}

/** Reports TLS settings that have no standard Gateway API field. */
export function reportTlsExtras(tls: ServerTLSSettings, base: string, sc: ServerContext): void {
  const drop = (key: keyof ServerTLSSettings, severity: 'warning' | 'info', message: string) => {
    if (tls[key] !== undefined) sc.report.add(severity, fieldPath(base, key), `tls-${key}`, message);
  };
  drop(
    'minProtocolVersion',
    'warning',
    'TLS versions have no standard Gateway API field (tls.options keys are implementation-specific); not carried',
  );
  drop('maxProtocolVersion', 'warning', 'TLS versions have no standard Gateway API field; not carried');
  drop('cipherSuites', 'warning', 'cipher suites have no standard Gateway API field; not carried');
  drop('subjectAltNames', 'warning', 'client certificate SAN checks have no Gateway API field; not carried');
  drop(
    'verifyCertificateSpki',
    'warning',
    'client certificate pinning has no Gateway API field; not carried',
  );
  drop(
    'verifyCertificateHash',
    'warning',
    'client certificate pinning has no Gateway API field; not carried',
  );
  drop('caCrl', 'warning', 'certificate revocation lists have no Gateway API field; not carried');
}

/** certificateRefs for a terminating listener; a placeholder Secret (and an error) when none is named. */
export function certificates(
  tls: ServerTLSSettings,
  base: string,
  sc: ServerContext,
  port: string,
): SecretObjectRef[] {
  const names = tls.credentialNames?.length
    ? tls.credentialNames
    : tls.credentialName
      ? [tls.credentialName]
      : [];
  if (names.length) return names.filter((n) => n !== '').map((n) => secretRef(n, sc));
  const placeholder = dnsSubdomain(`${sc.gwName}-${port}-cert`);
  const why =
    tls.tlsCertificates || tls.serverCertificate
      ? 'certificates mounted as files cannot be referenced'
      : 'no credentialName';
  sc.report.add(
    'error',
    base,
    'tls-no-credential',
    `${why}; Gateway API needs a Secret: the listener refers to Secret ${placeholder}, create it`,
  );
  return [secretRef(placeholder, sc)];
}

/** Client-certificate validation (MUTUAL, OPTIONAL_MUTUAL) for spec.tls.frontend. */
export function validation(
  tls: ServerTLSSettings,
  base: string,
  sc: ServerContext,
  mode: string,
): FrontendValidation['tls']['validation'] | undefined {
  const ca = tls.caCertCredentialName ?? tls.credentialName ?? tls.credentialNames?.[0];
  if (!ca) {
    sc.report.add(
      'error',
      fieldPath(base, 'mode'),
      'tls-mutual-no-ca',
      'client certificate validation needs a CA Secret; none named, validation not carried',
    );
    return undefined;
  }
  sc.report.add(
    'warning',
    fieldPath(base, 'mode'),
    'tls-mutual',
    `client certificates are validated with the CA in Secret ${ca} (key ca.crt) through spec.tls.frontend; implementations may require a ConfigMap instead (ConfigMap is the core kind)`,
  );
  return {
    caCertificateRefs: [secretRef(ca, sc)],
    ...(mode === 'OPTIONAL_MUTUAL' ? { mode: 'AllowInsecureFallback' as const } : {}),
  };
}
