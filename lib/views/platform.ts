import type { CertificateView, GatewayCredential } from '../platform/certificates';
import type { CostPoint } from '../platform/cost-history';
import type { CostModel } from '../platform/cost-model';
import type { LoadBalancerView } from '../platform/load-balancers';
import type { MeshCaView } from '../platform/mesh-ca';

/** Where measured usage came from. */
export interface UsageStatus {
  source: 'prometheus' | 'none';
  url?: string;
  window?: string;
  error?: string;
}

/** What the move saves and what it touches: resources, certificates, load balancers, the mesh CA. */
export interface PlatformView {
  revision: number;
  cost: CostModel;
  history: CostPoint[];
  usage: UsageStatus;
  certificates: GatewayCredential[];
  /** Every cert-manager Certificate, for context. */
  allCertificates: CertificateView[];
  loadBalancers: LoadBalancerView;
  meshCa: MeshCaView;
}
