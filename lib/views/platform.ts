import type { CertificateView, GatewayCredential } from '../platform/certificates';
import type { CostPoint } from '../platform/cost-history';
import type { CostModel } from '../platform/cost-model';
import type { LoadBalancerView } from '../platform/load-balancers';
import type { MeshCaView } from '../platform/mesh-ca';
import type { MeasuredPoint } from '../platform/usage-history';

/** Where measured usage came from: a Prometheus, the demo's simulated one, or nowhere. */
export interface UsageStatus {
  source: 'prometheus' | 'demo' | 'none';
  url?: string;
  window?: string;
  error?: string;
}

/** What the move saves and what it touches: resources, certificates, load balancers, the mesh CA. */
export interface PlatformView {
  revision: number;
  cost: CostModel;
  /** Requests over the migration, one point per namespace move (from the migration records). */
  history: CostPoint[];
  /** Measured usage over the same span (range queries), when a telemetry source answers. */
  measuredHistory?: MeasuredHistory;
  usage: UsageStatus;
  certificates: GatewayCredential[];
  /** Every cert-manager Certificate, for context. */
  allCertificates: CertificateView[];
  loadBalancers: LoadBalancerView;
  meshCa: MeshCaView;
}

/** Measured sidecar vs ambient usage over the migration, from range queries. */
export interface MeasuredHistory {
  source: 'prometheus' | 'demo';
  window: string;
  stepSeconds: number;
  points: MeasuredPoint[];
  error?: string;
}
