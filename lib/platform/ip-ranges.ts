/** IPv4 address ranges of MetalLB pools (`10.0.0.0/28`, `10.0.0.10-10.0.0.20`, `10.0.0.5`). Pure. */

export interface Ipv4Range {
  first: number;
  last: number;
}

function ipv4(s: string): number | undefined {
  const parts = s.trim().split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

/** One pool entry as a range; undefined for IPv6 or malformed entries. */
export function parseRange(entry: string): Ipv4Range | undefined {
  const dash = entry.indexOf('-');
  if (dash > 0) {
    const first = ipv4(entry.slice(0, dash));
    const last = ipv4(entry.slice(dash + 1));
    return first !== undefined && last !== undefined && first <= last ? { first, last } : undefined;
  }
  const [addr, bits] = entry.split('/');
  const base = ipv4(addr ?? '');
  if (base === undefined) return undefined;
  const prefix = bits === undefined ? 32 : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  const first = Math.floor(base / size) * size;
  return { first, last: first + size - 1 };
}

export function inRanges(ranges: readonly Ipv4Range[], ip: string): boolean {
  const n = ipv4(ip);
  return n !== undefined && ranges.some((r) => n >= r.first && n <= r.last);
}

/** Dotted form of a numeric IPv4 address. */
export function formatIpv4(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/** Addresses of the ranges, in order, skipping `.0` and `.255` when `avoidBuggyIPs`; stops after `limit`. */
export function* addresses(ranges: readonly Ipv4Range[], avoidBuggyIPs: boolean): Generator<string> {
  for (const r of ranges) {
    for (let n = r.first; n <= r.last; n++) {
      const last = n % 256;
      if (avoidBuggyIPs && (last === 0 || last === 255)) continue;
      yield formatIpv4(n);
    }
  }
}

/** How many of [a, b] are ≡ k (mod 256). */
function congruent(a: number, b: number, k: number): number {
  return Math.floor((b - k) / 256) - Math.floor((a - 1 - k) / 256);
}

/** How many addresses the ranges hold (after `avoidBuggyIPs`). */
export function rangeSize(ranges: readonly Ipv4Range[], avoidBuggyIPs: boolean): number {
  let total = 0;
  for (const r of ranges) {
    total += r.last - r.first + 1;
    if (avoidBuggyIPs) total -= congruent(r.first, r.last, 0) + congruent(r.first, r.last, 255);
  }
  return total;
}
