/** Name helpers: every generated name must pass Kubernetes and Gateway API name patterns. */

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** FNV-1a, 32 bit, base36: a short stable hash for truncated names. */
export function shortHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).padStart(7, '0').slice(0, 5);
}

function squeeze(s: string, allowDots: boolean): string {
  let out = s.toLowerCase().replace(allowDots ? /[^a-z0-9.-]+/g : /[^a-z0-9-]+/g, '-');
  if (allowDots) out = out.replace(/\.{2,}/g, '.').replace(/-*\.-*/g, '.');
  return out.replace(/-{2,}/g, '-').replace(/^[-.]+|[-.]+$/g, '');
}

/** Cuts `s` to `max` characters, keeping it unique with a hash of the whole when it had to cut. */
function fitLength(s: string, max: number, original: string): string {
  if (s.length <= max) return s;
  const head = s.slice(0, max - 6).replace(/[-.]+$/g, '');
  return `${head}-${shortHash(original)}`;
}

/** A DNS-1123 subdomain (<= `max`, default 253): object names, listener names, rule names. */
export function dnsSubdomain(s: string, max = 253): string {
  const out = fitLength(squeeze(s, true) || 'x', max, s);
  return DNS_SUBDOMAIN.test(out) ? out : `x-${shortHash(s)}`;
}

/** A DNS-1123 label (<= 63). */
export function dnsLabel(s: string, max = 63): string {
  const out = fitLength(squeeze(s, false) || 'x', max, s);
  return DNS_LABEL.test(out) ? out : `x-${shortHash(s)}`;
}

/** A DNS-1035 label (starts with a letter, <= 63): Service names. */
export function serviceName(s: string): string {
  let out = squeeze(s, false);
  if (!/^[a-z]/.test(out)) out = `s-${out}`;
  out = fitLength(out, 63, s).replace(/-+$/g, '');
  return DNS_1035_LABEL.test(out) ? out : `s-${shortHash(s)}`;
}

export function isDnsSubdomain(s: string, max = 253): boolean {
  return s.length > 0 && s.length <= max && DNS_SUBDOMAIN.test(s);
}

export function isDnsLabel(s: string): boolean {
  return s.length > 0 && s.length <= 63 && DNS_LABEL.test(s);
}

/** Returns `base`, or `base-2`, `base-3`... : the first not in `taken`, which it then records. */
export function uniqueName(base: string, taken: Set<string>, max = 253): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = withSuffix(base, `-${n}`, max);
  taken.add(name);
  return name;
}

/** `base` + `suffix`, cutting `base` so that the whole stays within `max`. */
export function withSuffix(base: string, suffix: string, max = 253): string {
  if (base.length + suffix.length <= max) return base + suffix;
  return base.slice(0, max - suffix.length).replace(/[-.]+$/g, '') + suffix;
}
