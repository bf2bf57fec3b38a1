/** Deterministic names, uids and addresses for the demo cluster, from one seed. */

// Kubernetes' rand.SafeEncodeString alphabet: no vowels, no confusable characters.
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

/** mulberry32: small, fast, good enough for demo identifiers. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a 32-bit hash of a string. */
function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** JSON with sorted keys, so equal objects hash equally whatever their key order. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

// Stored objects are never mutated, so a template object's hash can be remembered.
const hashes = new WeakMap<object, string>();

/** Like `pod-template-hash`: the safe-encoded decimal FNV hash of the template. */
export function templateHash(template: unknown): string {
  const cached = typeof template === 'object' && template !== null ? hashes.get(template) : undefined;
  if (cached) return cached;
  const hash = String(fnv32a(canonicalJson(template)))
    .split('')
    .map((c) => SAFE[c.charCodeAt(0) % SAFE.length])
    .join('');
  if (typeof template === 'object' && template !== null) hashes.set(template, hash);
  return hash;
}

/** Seeded source of uids, name suffixes, node placement and IP addresses. */
export class IdGen {
  private readonly rand: () => number;
  private nodeCursor = 0;
  private clusterIPs = 0;
  private lbIPs = 0;
  private readonly podIPs = new Map<number, number>();

  constructor(seed = 42) {
    this.rand = mulberry32(seed);
  }

  private hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(this.rand() * 16).toString(16);
    return s;
  }

  /** An RFC 4122 version 4 shaped uid. */
  uid(): string {
    const variant = (8 + Math.floor(this.rand() * 4)).toString(16);
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${variant}${this.hex(3)}-${this.hex(12)}`;
  }

  /** A random suffix like the ones generateName produces (`-x7k2p`). */
  suffix(n = 5): string {
    let s = '';
    for (let i = 0; i < n; i++) s += SAFE[Math.floor(this.rand() * SAFE.length)];
    return s;
  }

  /** Round-robin node placement. */
  nextNode(count: number): number {
    const i = this.nodeCursor % Math.max(1, count);
    this.nodeCursor += 1;
    return i;
  }

  /** A pod IP from the node's /24-ish range of 10.244.0.0/16. */
  podIP(node: number): string {
    const n = this.podIPs.get(node) ?? 0;
    this.podIPs.set(node, n + 1);
    return `10.244.${node * 16 + Math.floor(n / 250)}.${(n % 250) + 2}`;
  }

  clusterIP(): string {
    const n = this.clusterIPs++;
    return `10.96.${Math.floor(n / 250)}.${(n % 250) + 10}`;
  }

  loadBalancerIP(): string {
    return `${STAND_IN_LB_PREFIX}${200 + (this.lbIPs++ % 50)}`;
  }
}

/** The IP of node `i` (also the pod IP of its hostNetwork pods). */
export function nodeIP(i: number): string {
  return `172.18.0.${i + 2}`;
}

/** Node names of the demo cluster. */
export function nodeNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `demo-worker-${i + 1}`);
}

/** Addresses the demo's stand-in load-balancer provider hands out when no MetalLB pool exists. */
export const STAND_IN_LB_PREFIX = '172.18.255.';
