import { type DemoClusterOptions, DemoClusterSource } from './source';

export type { MaterializeOptions } from './materialize';
export { materialize } from './materialize';
export type { DemoClusterOptions } from './source';
export { DemoClusterSource } from './source';

/** The built-in demo cluster, loaded from `scenarios/demo` (or `objects`) on `start()`. */
export function createDemoCluster(opts: DemoClusterOptions = {}): DemoClusterSource {
  return new DemoClusterSource(opts);
}
