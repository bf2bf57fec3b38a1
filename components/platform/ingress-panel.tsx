import type { GatewayCredential } from '@/lib/platform/certificates';
import type { GatewayAddress, LoadBalancerView } from '@/lib/platform/load-balancers';

const SEVERITY_STYLE = {
  blocker: 'text-red-800',
  warning: 'text-amber-800',
  info: 'text-slate-600',
} as const;

function CertificateRow({ c }: { c: GatewayCredential }) {
  const cert = c.certificate;
  return (
    <tr
      className="border-t border-slate-100 align-top"
      data-testid={`cert-${c.secretNamespace}-${c.credentialName}`}
    >
      <td className="px-2 py-1">
        <code className="text-xs">{c.gateway}</code>
        <span className="block text-xs text-slate-500">{c.server}</span>
      </td>
      <td className="px-2 py-1">
        <code className="text-xs">
          {c.secretNamespace}/{c.credentialName}
        </code>
      </td>
      <td className="px-2 py-1">
        {cert ? (
          <>
            Certificate {cert.namespace}/{cert.name}
            <span className="block text-xs text-slate-500" data-testid="cert-issuer">
              {cert.issuer.kind} {cert.issuer.name} ({cert.issuer.type ?? 'not found'}
              {cert.issuer.detail ? `: ${cert.issuer.detail}` : ''})
            </span>
          </>
        ) : (
          <span className="text-slate-500">not managed by cert-manager</span>
        )}
      </td>
      <td className="px-2 py-1 text-xs">
        {cert ? (
          <>
            <span className={cert.ready ? 'text-emerald-700' : 'text-red-700'}>
              {cert.ready ? 'Ready' : 'not Ready'}
            </span>
            {cert.notAfter && (
              <span className="block">
                expires {cert.notAfter.slice(0, 10)}
                {cert.daysLeft !== undefined ? ` (${cert.daysLeft} d)` : ''}
              </span>
            )}
          </>
        ) : (
          '—'
        )}
      </td>
      <td className="px-2 py-1 text-xs">
        <ul>
          {c.findings.map((f) => (
            <li
              key={f.id}
              className={SEVERITY_STYLE[f.severity]}
              data-testid={`finding-${f.id}`}
              data-severity={f.severity}
            >
              {f.message}
            </li>
          ))}
        </ul>
      </td>
    </tr>
  );
}

function addressText(g: GatewayAddress): string {
  switch (g.state) {
    case 'assigned':
      return `${g.address}${g.pool ? ` (pool ${g.pool})` : ''}`;
    case 'will-be-assigned':
      return g.nextAddress
        ? `will get ${g.nextAddress} from pool ${g.pool}`
        : 'will get an address from the provider';
    case 'pending':
      return g.nextAddress ? `pending (next free: ${g.nextAddress} in ${g.pool})` : 'pending';
    case 'no-address':
      return 'no free address';
    case 'not-load-balancer':
      return g.address ? `${g.address} (no external address)` : 'no external address';
  }
}

/** Ingress certificates and the LoadBalancer addresses of the Gateways, with what becomes of each. */
export function IngressPanel({
  certificates,
  loadBalancers,
  namespace,
}: {
  certificates: GatewayCredential[];
  loadBalancers: LoadBalancerView;
  /** Limit to the Gateways of one namespace. */
  namespace?: string;
}) {
  const certs = namespace ? certificates.filter((c) => c.namespace === namespace) : certificates;
  const gateways = namespace
    ? loadBalancers.gateways.filter((g) => g.namespace === namespace)
    : loadBalancers.gateways;
  if (namespace && certs.length === 0 && gateways.length === 0) return null;
  return (
    <section
      className="rounded border border-slate-200 bg-white p-4"
      aria-label="Ingress certificates and addresses"
    >
      <h2 className="mb-2 font-medium">Ingress certificates and addresses</h2>
      {certs.length === 0 ? (
        <p className="text-sm text-slate-500">No Istio Gateway server names a credential.</p>
      ) : (
        <table className="w-full text-sm" aria-label="Ingress certificates">
          <thead>
            <tr className="text-left text-xs uppercase text-slate-500">
              <th className="px-2 py-1">Gateway server</th>
              <th className="px-2 py-1">Secret</th>
              <th className="px-2 py-1">Issued by</th>
              <th className="px-2 py-1">State</th>
              <th className="px-2 py-1">Findings</th>
            </tr>
          </thead>
          <tbody>
            {certs.map((c) => (
              <CertificateRow key={`${c.gateway}-${c.server}-${c.credentialName}`} c={c} />
            ))}
          </tbody>
        </table>
      )}
      <h3 className="mt-4 text-sm font-medium">
        Load balancer addresses{' '}
        <span className="font-normal text-slate-500" data-testid="lb-provider">
          {loadBalancers.provider === 'metallb'
            ? `MetalLB: ${loadBalancers.pools.map((p) => `${p.name} ${p.free}/${p.total} free, ${p.freeAfterPlan} after the plan${p.advertisements.length ? ` (${p.advertisements.join(', ')})` : ' (not advertised)'}`).join('; ')}`
            : loadBalancers.provider === 'other'
              ? 'addresses come from the cluster’s load-balancer controller'
              : 'no load-balancer provider found'}
        </span>
      </h3>
      <table className="mt-1 w-full text-sm" aria-label="Gateway addresses">
        <thead>
          <tr className="text-left text-xs uppercase text-slate-500">
            <th className="px-2 py-1">Gateway</th>
            <th className="px-2 py-1">Service</th>
            <th className="px-2 py-1">Address</th>
          </tr>
        </thead>
        <tbody>
          {gateways.map((g) => (
            <tr
              key={g.gateway}
              className="border-t border-slate-100 align-top"
              data-testid={`lb-${g.namespace}-${g.name}`}
            >
              <td className="px-2 py-1">
                <code className="text-xs">{g.gateway}</code>
                {g.planned && (
                  <span className="ml-1 rounded bg-blue-50 px-1 text-xs text-blue-800">planned</span>
                )}
              </td>
              <td className="px-2 py-1 text-xs">
                {g.service ?? '(created with the Gateway)'} · {g.serviceType}
              </td>
              <td className="px-2 py-1 text-xs">
                <span data-testid="lb-address">{addressText(g)}</span>
                {g.findings.map((f) => (
                  <span
                    key={f.id}
                    className={`block ${SEVERITY_STYLE[f.severity]}`}
                    data-testid={`finding-${f.id}`}
                    data-severity={f.severity}
                  >
                    {f.severity}: {f.message}
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
