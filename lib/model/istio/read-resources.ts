import { bool, compact, list, num, rec, str, stringMap, strings } from '../read-helpers';
import type {
  DestinationRuleSpec,
  IstioGatewaySpec,
  IstioServer,
  ServerTLSSettings,
  ServiceEntrySpec,
} from './spec';

function serverTls(v: unknown): ServerTLSSettings | undefined {
  return rec(v, (r) =>
    compact({
      httpsRedirect: bool(r.httpsRedirect),
      mode: str(r.mode),
      serverCertificate: str(r.serverCertificate),
      privateKey: str(r.privateKey),
      caCertificates: str(r.caCertificates),
      caCrl: str(r.caCrl),
      credentialName: str(r.credentialName),
      credentialNames: strings(r.credentialNames),
      caCertCredentialName: str(r.caCertCredentialName),
      tlsCertificates: Array.isArray(r.tlsCertificates) ? r.tlsCertificates : undefined,
      subjectAltNames: strings(r.subjectAltNames),
      verifyCertificateSpki: strings(r.verifyCertificateSpki),
      verifyCertificateHash: strings(r.verifyCertificateHash),
      minProtocolVersion: str(r.minProtocolVersion),
      maxProtocolVersion: str(r.maxProtocolVersion),
      cipherSuites: strings(r.cipherSuites),
    }),
  );
}

function server(v: unknown): IstioServer | undefined {
  return rec(v, (r) =>
    compact({
      port: rec(r.port, (p) =>
        compact({
          number: num(p.number),
          protocol: str(p.protocol),
          name: str(p.name),
          targetPort: num(p.targetPort),
        }),
      ),
      bind: str(r.bind),
      hosts: strings(r.hosts),
      tls: serverTls(r.tls),
      name: str(r.name),
      defaultEndpoint: str(r.defaultEndpoint),
    }),
  );
}

export function readGateway(spec: unknown): IstioGatewaySpec {
  return (
    rec(spec, (r) => compact({ servers: list(r.servers, server), selector: stringMap(r.selector) })) ?? {}
  );
}

export function readDestinationRule(spec: unknown): DestinationRuleSpec {
  return (
    rec(spec, (r) =>
      compact({
        host: str(r.host),
        trafficPolicy: r.trafficPolicy,
        subsets: list(r.subsets, (s) =>
          rec(s, (x) =>
            compact({ name: str(x.name), labels: stringMap(x.labels), trafficPolicy: x.trafficPolicy }),
          ),
        ),
        exportTo: strings(r.exportTo),
      }),
    ) ?? {}
  );
}

export function readServiceEntry(spec: unknown): ServiceEntrySpec {
  return (
    rec(spec, (r) =>
      compact({
        hosts: strings(r.hosts),
        ports: list(r.ports, (p) =>
          rec(p, (x) =>
            compact({
              number: num(x.number),
              protocol: str(x.protocol),
              name: str(x.name),
              targetPort: num(x.targetPort),
            }),
          ),
        ),
        location: str(r.location),
        resolution: str(r.resolution),
      }),
    ) ?? {}
  );
}
