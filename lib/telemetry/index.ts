export {
  parseServiceTraffic,
  type ServiceTraffic,
  type ServiceTrafficOptions,
  serviceTraffic,
  serviceTrafficChange,
  serviceTrafficQueries,
} from './service-traffic';
export type { PromSample, TelemetrySource } from './source';
export { sampleValue } from './source';
