import type { BackendRef, HeaderMatch } from '../gateway-api';
import type { Reporter } from '../warnings';
import { annotationField } from './annotations';
import { NGINX_PREFIX } from './catalogue';
import type { IngressBackend, IngressView } from './read';

/** How a canary Ingress takes traffic from the main Ingress of the same host and path. */
export interface CanaryRule {
  ingress: IngressView;
  backend: IngressBackend;
  /** Field of the canary's path backend (in the canary Ingress). */
  field: string;
  weight?: number;
  total: number;
  header?: { name: string; value?: string; pattern?: string };
  cookie?: string;
}

const a = (ing: IngressView, key: string) => ing.annotations[`${NGINX_PREFIX}${key}`];

export function isCanary(ing: IngressView): boolean {
  return a(ing, 'canary') === 'true';
}

/** The canary of `host` + `path` among `canaries`, read from its annotations. */
export function canaryFor(canaries: IngressView[], host: string, path: string): CanaryRule | undefined {
  for (const c of canaries) {
    for (const r of c.rules) {
      if ((r.host ?? '') !== host) continue;
      const p = r.paths.find((x) => x.path === path);
      if (!p) continue;
      const rule: CanaryRule = {
        ingress: c,
        backend: p.backend,
        field: `${p.field}.backend`,
        total: Number(a(c, 'canary-weight-total') ?? 100) || 100,
      };
      const w = a(c, 'canary-weight');
      if (w !== undefined && Number(w) > 0) rule.weight = Math.min(Number(w), rule.total);
      const header = a(c, 'canary-by-header');
      if (header) {
        rule.header = { name: header };
        const value = a(c, 'canary-by-header-value');
        const pattern = a(c, 'canary-by-header-pattern');
        if (value) rule.header.value = value;
        else if (pattern) rule.header.pattern = pattern;
      }
      const cookie = a(c, 'canary-by-cookie');
      if (cookie) rule.cookie = cookie;
      return rule;
    }
  }
  return undefined;
}

/** Reports what of a canary Ingress ingress-nginx ignores, and canaries with no main Ingress. */
export function reportCanary(c: IngressView, mains: IngressView[], report: Reporter): void {
  for (const key of Object.keys(c.annotations)) {
    if (!key.startsWith(NGINX_PREFIX)) continue;
    const name = key.slice(NGINX_PREFIX.length);
    if (/^canary(-|$)/.test(name)) continue;
    report.add(
      'info',
      annotationField(key),
      'ingress-canary-annotation',
      `ingress-nginx applies only canary annotations on a canary Ingress; ${name} is ignored there and not carried`,
    );
  }
  c.rules.forEach((r) => {
    for (const p of r.paths) {
      const main = mains.some((m) =>
        m.rules.some((mr) => (mr.host ?? '') === (r.host ?? '') && mr.paths.some((mp) => mp.path === p.path)),
      );
      if (!main)
        report.add(
          'warning',
          p.field,
          'ingress-canary-orphan',
          `no main Ingress serves ${r.host ?? '*'}${p.path}; ingress-nginx ignores this canary path, so it is not carried`,
        );
      else
        report.add(
          'info',
          p.field,
          'ingress-canary-merged',
          `merged into the route of the main Ingress for ${r.host ?? '*'}${p.path}`,
        );
    }
  });
}

/** Weighted backends of the main backend and its canary. */
export function weighted(main: BackendRef, canary: BackendRef, rule: CanaryRule): BackendRef[] {
  if (rule.weight === undefined) return [main];
  return [
    { ...main, weight: rule.total - rule.weight },
    { ...canary, weight: rule.weight },
  ];
}

/** Header matches that send a request to the canary (the header rule, then the cookie rule). */
export function canaryMatches(rule: CanaryRule): { headers: HeaderMatch[]; field: string }[] {
  const out: { headers: HeaderMatch[]; field: string }[] = [];
  if (rule.header) {
    const h = rule.header;
    out.push({
      headers: [
        h.pattern
          ? { type: 'RegularExpression', name: h.name, value: h.pattern }
          : { type: 'Exact', name: h.name, value: h.value ?? 'always' },
      ],
      field: annotationField(`${NGINX_PREFIX}canary-by-header`),
    });
  }
  if (rule.cookie) {
    const name = rule.cookie.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out.push({
      headers: [{ type: 'RegularExpression', name: 'Cookie', value: `(^|.*;\\s*)${name}=always(;.*|$)` }],
      field: annotationField(`${NGINX_PREFIX}canary-by-cookie`),
    });
  }
  return out;
}
