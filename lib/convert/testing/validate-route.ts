import { arr, DNS_LABEL, DNS_SUBDOMAIN, HOSTNAME, rec } from './validate-common';

type Rec = Record<string, unknown>;
type Err = (m: string) => void;

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;
const HEADER_VALUE = /^[!-~]+([\t ]?[!-~]+)*$/;
const DURATION = /^([0-9]{1,5}(h|m|s|ms)){1,4}$/;
const PATH_CHARS = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$/;
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];
const ORIGIN = /(^\*$)|(^(http(s)?):\/\/(((\*\.)?([a-zA-Z0-9-]+\.)*[a-zA-Z0-9-]+|\*)(:([0-9]{1,5}))?)$)/;

function ms(d: string): number {
  let total = 0;
  for (const m of d.matchAll(/(\d+)(ms|h|m|s)/g))
    total += Number(m[1]) * ({ h: 3_600_000, m: 60_000, s: 1000, ms: 1 }[m[2] as 'h'] ?? 0);
  return total;
}

function validatePath(p: Rec, err: Err): void {
  const v = String(p.value ?? '');
  if (!['Exact', 'PathPrefix', 'RegularExpression'].includes(String(p.type))) err(`path type ${p.type}`);
  if (v.length > 1024) err('path value too long');
  if (p.type === 'Exact' || p.type === 'PathPrefix') {
    const bad =
      !v.startsWith('/') ||
      /\/\/|\/\.\/|\/\.\.\/|%2f|#/i.test(v) ||
      v.endsWith('/..') ||
      v.endsWith('/.') ||
      !PATH_CHARS.test(v);
    if (bad) err(`invalid ${p.type} path ${v}`);
  }
}

function validateConditions(list: unknown, what: string, max: number, err: Err): void {
  const items = arr(list);
  if (items.length > 16) err(`${what}: more than 16`);
  const names = new Set<string>();
  for (const h of items) {
    const name = String(h.name);
    if (!HEADER_NAME.test(name) || name.length > 256) err(`${what} name ${name}`);
    if (names.has(name)) err(`${what} name ${name} repeated`);
    names.add(name);
    const v = String(h.value ?? '');
    if (v.length < 1 || v.length > max) err(`${what} value length`);
    if (what === 'header' && !HEADER_VALUE.test(v)) err(`header value ${JSON.stringify(v)}`);
    if (!['Exact', 'RegularExpression'].includes(String(h.type ?? 'Exact'))) err(`${what} type ${h.type}`);
  }
}

function validateModifier(m: Rec, err: Err): void {
  for (const verb of ['set', 'add']) {
    const list = arr(m[verb]);
    if (list.length > 16) err(`${verb}: more than 16`);
    const names = new Set<string>();
    for (const h of list) {
      const name = String(h.name);
      if (!HEADER_NAME.test(name)) err(`${verb} header name ${name}`);
      if (names.has(name)) err(`${verb} header ${name} repeated`);
      names.add(name);
      const v = String(h.value ?? '');
      if (v.length < 1 || v.length > 4096 || !HEADER_VALUE.test(v))
        err(`${verb} header value ${JSON.stringify(v)}`);
    }
  }
  const remove = Array.isArray(m.remove) ? (m.remove as string[]) : [];
  if (remove.length > 16 || new Set(remove).size !== remove.length) err('remove list');
}

function validateBackendRef(b: Rec, err: Err): void {
  if (!b.name) err('backendRef without name');
  const group = String(b.group ?? '');
  const kind = String(b.kind ?? 'Service');
  if (group === '' && kind === 'Service' && typeof b.port !== 'number')
    err(`backendRef ${b.name} without port`);
  if (b.port !== undefined && (Number(b.port) < 1 || Number(b.port) > 65535))
    err(`backendRef port ${b.port}`);
  if (b.namespace !== undefined && !DNS_LABEL.test(String(b.namespace))) err('backendRef namespace');
  if (b.weight !== undefined && (Number(b.weight) < 0 || Number(b.weight) > 1_000_000)) err('weight');
}

function validatePathModifier(p: Rec, err: Err): void {
  if (p.type === 'ReplaceFullPath' && typeof p.replaceFullPath !== 'string') err('replaceFullPath missing');
  if (p.type === 'ReplacePrefixMatch' && typeof p.replacePrefixMatch !== 'string')
    err('replacePrefixMatch missing');
  if (p.replaceFullPath !== undefined && p.type !== 'ReplaceFullPath') err('replaceFullPath with other type');
  if (p.replacePrefixMatch !== undefined && p.type !== 'ReplacePrefixMatch')
    err('replacePrefixMatch with other type');
  if (String(p.replaceFullPath ?? p.replacePrefixMatch ?? '').length > 1024) err('path modifier too long');
}

const FILTER_FIELDS: Record<string, string> = {
  RequestHeaderModifier: 'requestHeaderModifier',
  ResponseHeaderModifier: 'responseHeaderModifier',
  RequestMirror: 'requestMirror',
  RequestRedirect: 'requestRedirect',
  URLRewrite: 'urlRewrite',
  CORS: 'cors',
  ExtensionRef: 'extensionRef',
};

function validateFilters(list: unknown, kind: string, err: Err): Rec[] {
  const filters = arr(list);
  if (filters.length > 16) err('filters: more than 16');
  const allowed =
    kind === 'GRPCRoute'
      ? ['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestMirror', 'ExtensionRef']
      : Object.keys(FILTER_FIELDS);
  for (const t of [
    'CORS',
    'RequestHeaderModifier',
    'ResponseHeaderModifier',
    'RequestRedirect',
    'URLRewrite',
  ]) {
    if (filters.filter((f) => f.type === t).length > 1) err(`${t} repeated`);
  }
  if (filters.some((f) => f.type === 'RequestRedirect') && filters.some((f) => f.type === 'URLRewrite'))
    err('RequestRedirect with URLRewrite');
  for (const f of filters) {
    const type = String(f.type);
    if (!allowed.includes(type)) err(`filter type ${type} not allowed in ${kind}`);
    for (const [t, field] of Object.entries(FILTER_FIELDS))
      if ((f[field] !== undefined) !== (t === type)) err(`filter ${type} has wrong fields`);
    if (f.requestHeaderModifier) validateModifier(rec(f.requestHeaderModifier), err);
    if (f.responseHeaderModifier) validateModifier(rec(f.responseHeaderModifier), err);
    if (f.requestMirror) {
      const m = rec(f.requestMirror);
      validateBackendRef(rec(m.backendRef), err);
      if (m.percent !== undefined && m.fraction !== undefined) err('mirror percent and fraction');
      if (m.percent !== undefined && (Number(m.percent) < 0 || Number(m.percent) > 100))
        err('mirror percent');
      const fr = rec(m.fraction);
      if (
        m.fraction !== undefined &&
        !(
          Number(fr.numerator) >= 0 &&
          Number(fr.numerator) <= Number(fr.denominator ?? 100) &&
          Number(fr.denominator ?? 100) >= 1
        )
      )
        err('mirror fraction');
    }
    if (f.requestRedirect) {
      const r = rec(f.requestRedirect);
      if (r.scheme !== undefined && !['http', 'https'].includes(String(r.scheme))) err('redirect scheme');
      if (r.hostname !== undefined && !DNS_SUBDOMAIN.test(String(r.hostname))) err('redirect hostname');
      if (r.statusCode !== undefined && ![301, 302, 303, 307, 308].includes(Number(r.statusCode)))
        err('redirect statusCode');
      if (r.port !== undefined && (Number(r.port) < 1 || Number(r.port) > 65535)) err('redirect port');
      if (r.path) validatePathModifier(rec(r.path), err);
    }
    if (f.urlRewrite) {
      const r = rec(f.urlRewrite);
      if (r.hostname !== undefined && !DNS_SUBDOMAIN.test(String(r.hostname))) err('rewrite hostname');
      if (r.path) validatePathModifier(rec(r.path), err);
    }
    if (f.cors) {
      const c = rec(f.cors);
      for (const key of ['allowOrigins', 'allowHeaders', 'exposeHeaders', 'allowMethods']) {
        const l = Array.isArray(c[key]) ? (c[key] as string[]) : [];
        if (new Set(l).size !== l.length) err(`cors ${key} repeated values`);
        if (key !== 'exposeHeaders' && l.includes('*') && l.length > 1) err(`cors ${key} * with others`);
        if (key === 'allowOrigins' && l.some((o) => !ORIGIN.test(o))) err('cors origin');
        if (key === 'allowMethods' && l.some((m) => m !== '*' && !METHODS.includes(m))) err('cors method');
        if ((key === 'allowHeaders' || key === 'exposeHeaders') && l.some((h) => !HEADER_NAME.test(h)))
          err('cors header');
      }
      if (c.maxAge !== undefined && Number(c.maxAge) < 1) err('cors maxAge');
    }
  }
  return filters;
}

function usesPrefixReplace(filters: Rec[]): boolean {
  return filters.some((f) => rec(rec(f.requestRedirect ?? f.urlRewrite).path).type === 'ReplacePrefixMatch');
}

function validateRule(kind: string, rule: Rec, err: Err): number {
  const matches = arr(rule.matches);
  if (matches.length > 64) err('more than 64 matches');
  for (const m of matches) {
    if (kind === 'HTTPRoute') {
      if (m.path) validatePath(rec(m.path), err);
      validateConditions(m.queryParams, 'query', 1024, err);
      if (m.method !== undefined && !METHODS.includes(String(m.method))) err(`method ${m.method}`);
    } else {
      const method = rec(m.method);
      if (m.method !== undefined) {
        if (method.type !== undefined && !method.service && !method.method)
          err('grpc method without service or method');
        if (
          method.service !== undefined &&
          !/^\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$/i.test(String(method.service))
        )
          err('grpc service');
        if (method.method !== undefined && !/^[A-Za-z_][A-Za-z_0-9]*$/.test(String(method.method)))
          err('grpc method');
      }
    }
    validateConditions(m.headers, 'header', 4096, err);
  }
  const filters = validateFilters(rule.filters, kind, err);
  const backends = arr(rule.backendRefs);
  if (backends.length > 16) err('more than 16 backendRefs');
  for (const b of backends) {
    validateBackendRef(b, err);
    const bf = validateFilters(b.filters, kind, err);
    if (usesPrefixReplace(bf) && (matches.length !== 1 || rec(matches[0]?.path).type !== 'PathPrefix'))
      err('backend ReplacePrefixMatch needs one PathPrefix match');
  }
  if (backends.length > 0 && filters.some((f) => f.requestRedirect)) err('RequestRedirect with backendRefs');
  if (usesPrefixReplace(filters) && (matches.length !== 1 || rec(matches[0]?.path).type !== 'PathPrefix'))
    err('ReplacePrefixMatch needs exactly one PathPrefix match');
  const t = rec(rule.timeouts);
  for (const k of ['request', 'backendRequest'])
    if (t[k] !== undefined && !DURATION.test(String(t[k]))) err(`timeout ${k} ${t[k]}`);
  if (
    t.request !== undefined &&
    t.backendRequest !== undefined &&
    ms(String(t.request)) !== 0 &&
    ms(String(t.backendRequest)) > ms(String(t.request))
  ) {
    err('backendRequest > request');
  }
  const r = rec(rule.retry);
  if (rule.retry !== undefined) {
    if (r.attempts !== undefined && Number(r.attempts) < 1) err('retry attempts');
    if (r.backoff !== undefined && !DURATION.test(String(r.backoff))) err('retry backoff');
    const codes = Array.isArray(r.codes) ? (r.codes as number[]) : [];
    if (new Set(codes).size !== codes.length || codes.some((c) => c < 400 || c > 599)) err('retry codes');
  }
  if (rule.name !== undefined && (!DNS_SUBDOMAIN.test(String(rule.name)) || String(rule.name).length > 253))
    err(`rule name ${rule.name}`);
  return matches.length;
}

function parentKey(p: Rec): string {
  return `${p.group ?? 'gateway.networking.k8s.io'}/${p.kind ?? 'Gateway'}/${p.namespace ?? ''}/${p.name}`;
}

/** Route-kind specific checks (parentRefs, hostnames, rules, filters, CEL). */
export function validateRouteSpec(kind: string, spec: Rec, err: Err): void {
  const parents = arr(spec.parentRefs);
  if (parents.length > 32) err('more than 32 parentRefs');
  const seen = new Map<string, Set<string>>();
  for (const p of parents) {
    if (!p.name) err('parentRef without name');
    if (p.sectionName !== undefined && !DNS_SUBDOMAIN.test(String(p.sectionName)))
      err(`sectionName ${p.sectionName}`);
    if (p.namespace !== undefined && !DNS_LABEL.test(String(p.namespace))) err('parentRef namespace');
    if (p.port !== undefined && !(Number(p.port) >= 1 && Number(p.port) <= 65535))
      err(`parentRef port ${p.port}`);
    const k = parentKey(p);
    const sections = seen.get(k) ?? new Set<string>();
    const section = String(p.sectionName ?? '');
    if (sections.has(section)) err(`parentRef ${k} ${section} repeated`);
    if (sections.size > 0 && (section === '' || sections.has('')))
      err(`parentRef ${k}: sectionName needed when repeated`);
    sections.add(section);
    seen.set(k, sections);
  }
  const hostnames = Array.isArray(spec.hostnames) ? (spec.hostnames as string[]) : [];
  if (kind === 'TLSRoute' && (hostnames.length < 1 || hostnames.length > 1024))
    err('TLSRoute hostnames count');
  if (kind !== 'TLSRoute' && hostnames.length > 16) err('more than 16 hostnames');
  for (const h of hostnames)
    if (!HOSTNAME.test(h) || h.length > 253 || /^\d+(\.\d+){3}$/.test(h)) err(`hostname ${h}`);
  const rules = arr(spec.rules);
  if (kind === 'TLSRoute' || kind === 'TCPRoute') {
    if (rules.length !== 1) err(`${kind} must have exactly one rule`);
    for (const r of rules) {
      const b = arr(r.backendRefs);
      if (b.length < 1 || b.length > 16) err('backendRefs count');
      for (const x of b) validateBackendRef(x, err);
    }
    return;
  }
  if (rules.length > 16 || (kind === 'HTTPRoute' && rules.length < 1)) err(`rules: ${rules.length}`);
  let total = 0;
  const names = new Set<string>();
  for (const r of rules) {
    total += validateRule(kind, r, err);
    if (r.name !== undefined) {
      if (names.has(String(r.name))) err(`rule name ${r.name} repeated`);
      names.add(String(r.name));
    }
  }
  if (total > 128) err(`${total} matches in one route`);
}
