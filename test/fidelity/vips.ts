import { createHash } from 'node:crypto';

/**
 * The cluster IP the judge gives a Service that has none (the API server would allocate one), from
 * its namespace and name: the same on both sides, in 10.96.0.0/12. Sidecars listen per cluster IP
 * for TCP and TLS ports; without one every Service of a port shares the wildcard listener.
 */
export function clusterIpOf(namespace: string, name: string): string {
  const h = createHash('sha256').update(`${namespace}/${name}`).digest();
  const n = (h.readUInt32BE(0) & 0xfffff) | 0x1; // 20 bits, never .0
  return `10.${96 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
}
