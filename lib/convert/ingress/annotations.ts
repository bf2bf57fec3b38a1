import type { CorsFilter } from '../gateway-api';
import type { Feature } from '../targets/types';
import { fieldPath, type Reporter } from '../warnings';
import { describeAnnotation, NGINX_PREFIX } from './catalogue';

/** A redirect of every request of an Ingress (`permanent-redirect`, `temporal-redirect`). */
export interface RedirectSpec {
  scheme?: string;
  hostname?: string;
  port?: number;
  path?: string;
  statusCode: number;
  field: string;
}

/** Path rewrite: `full` replaces the whole path, `prefix` replaces the matched prefix (a capture-group rewrite). */
export interface RewriteSpec {
  full?: string;
  prefix?: string;
  /** The literal prefix the regex path stands for, when the rewrite is of the `/x(/|$)(.*)` kind. */
  field: string;
}

/** What the ingress-nginx annotations of one Ingress ask for, read once. */
export interface IngressSettings {
  sslRedirect?: boolean;
  forceSslRedirect: boolean;
  useRegex: boolean;
  rewriteTarget?: string;
  appRoot?: string;
  redirect?: RedirectSpec;
  backendProtocol: 'HTTP' | 'HTTPS' | 'GRPC' | 'GRPCS';
  backendTls?: { hostname?: string; caSecret?: string; verify: boolean };
  cors?: CorsFilter;
  requestHeaders: { name: string; value: string }[];
  customHeaders?: string;
  hostRewrite?: string;
  serverAliases: string[];
  passthrough: boolean;
  /** Features only target policies carry, with the annotation they come from. */
  features: { feature: Feature; field: string; what: string }[];
}

const CANARY = /^canary(-|$)/;
const SIZE = /^(\d+)([kKmMgG]?)$/;
const SECONDS = /^(\d+)s?$/;
const CORS_DEFAULT_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS'];
const CORS_DEFAULT_HEADERS = [
  'DNT',
  'Keep-Alive',
  'User-Agent',
  'X-Requested-With',
  'If-Modified-Since',
  'Cache-Control',
  'Content-Type',
  'Range',
  'Authorization',
];

export function annotationField(key: string): string {
  return fieldPath(fieldPath('metadata', 'annotations'), key);
}

function list(v: string | undefined): string[] {
  return (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function seconds(v: string | undefined): number | undefined {
  const m = v === undefined ? null : SECONDS.exec(v.trim());
  return m ? Number(m[1]) : undefined;
}

function parseRedirect(url: string, code: number, field: string, report: Reporter): RedirectSpec | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    report.add(
      'error',
      field,
      'ingress-redirect-url',
      `${url} is not an absolute URL; the redirect is not carried`,
    );
    return undefined;
  }
  const out: RedirectSpec = {
    scheme: u.protocol.replace(':', ''),
    hostname: u.hostname,
    statusCode: code,
    field,
  };
  if (u.port) out.port = Number(u.port);
  if (url.includes('$')) {
    report.add(
      'warning',
      field,
      'ingress-redirect-variable',
      `${url} uses NGINX variables; the redirect keeps the request path instead of substituting them`,
    );
  } else out.path = u.pathname || '/';
  return out;
}

const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);

function redirectCode(raw: string | undefined, fallback: number, field: string, report: Reporter): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (REDIRECT_CODES.has(n)) return n;
  report.add(
    'warning',
    field,
    'ingress-redirect-code',
    `status ${raw} is not one Gateway API allows; ${fallback} used`,
  );
  return fallback;
}

function corsOf(a: Record<string, string | undefined>): CorsFilter {
  const origins = list(a['cors-allow-origin']);
  const cors: CorsFilter = {
    allowOrigins: origins.length ? origins : ['*'],
    allowMethods: list(a['cors-allow-methods']).map((m) => m.toUpperCase()),
    allowHeaders: list(a['cors-allow-headers']),
    allowCredentials: a['cors-allow-credentials'] !== 'false',
    maxAge: seconds(a['cors-max-age']) ?? 1728000,
  };
  if (!cors.allowMethods?.length) cors.allowMethods = CORS_DEFAULT_METHODS;
  if (!cors.allowHeaders?.length) cors.allowHeaders = CORS_DEFAULT_HEADERS;
  const expose = list(a['cors-expose-headers']);
  if (expose.length) cors.exposeHeaders = expose;
  return cors;
}

/**
 * Reads the ingress-nginx annotations of one Ingress. Every `nginx.ingress.kubernetes.io/*`
 * annotation is either turned into a setting or a feature, or reported with what it does.
 */
export function readSettings(annotations: Record<string, string>, report: Reporter): IngressSettings {
  const a: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(annotations))
    if (k.startsWith(NGINX_PREFIX)) a[k.slice(NGINX_PREFIX.length)] = v;
  const handled = new Set<string>();
  const take = (key: string): string | undefined => {
    if (a[key] !== undefined) handled.add(key);
    return a[key];
  };
  const f = (key: string) => annotationField(`${NGINX_PREFIX}${key}`);
  const s: IngressSettings = {
    forceSslRedirect: take('force-ssl-redirect') === 'true',
    useRegex: take('use-regex') === 'true',
    backendProtocol: 'HTTP',
    requestHeaders: [],
    serverAliases: list(take('server-alias')),
    passthrough: take('ssl-passthrough') === 'true',
    features: [],
  };
  const feature = (key: string, feat: Feature) =>
    s.features.push({
      feature: feat,
      field: f(key),
      what: describeAnnotation(`${NGINX_PREFIX}${key}`) ?? key,
    });

  const ssl = take('ssl-redirect');
  if (ssl !== undefined) s.sslRedirect = ssl !== 'false';
  const rewrite = take('rewrite-target');
  if (rewrite !== undefined) s.rewriteTarget = rewrite;
  const appRoot = take('app-root');
  if (appRoot !== undefined) s.appRoot = appRoot;

  const permanent = take('permanent-redirect');
  const temporal = take('temporal-redirect');
  take('permanent-redirect-code');
  take('temporal-redirect-code');
  if (permanent) {
    const code = redirectCode(a['permanent-redirect-code'], 301, f('permanent-redirect-code'), report);
    const r = parseRedirect(permanent, code, f('permanent-redirect'), report);
    if (r) s.redirect = r;
    if (temporal)
      report.add(
        'warning',
        f('temporal-redirect'),
        'ingress-redirect-both',
        'permanent-redirect wins over temporal-redirect; ignored',
      );
  } else if (temporal) {
    const code = redirectCode(a['temporal-redirect-code'], 302, f('temporal-redirect-code'), report);
    const r = parseRedirect(temporal, code, f('temporal-redirect'), report);
    if (r) s.redirect = r;
  }

  const proto = (take('backend-protocol') ?? 'HTTP').toUpperCase();
  if (proto === 'HTTPS' || proto === 'GRPC' || proto === 'GRPCS' || proto === 'HTTP')
    s.backendProtocol = proto;
  else if (proto === 'AUTO_HTTP') s.backendProtocol = 'HTTP';
  else
    report.add(
      'error',
      f('backend-protocol'),
      'ingress-backend-protocol',
      `backend protocol ${proto} has no Gateway API form; the backend is reached over HTTP`,
    );
  const verify = take('proxy-ssl-verify');
  const sslName = take('proxy-ssl-name');
  const sslSecret = take('proxy-ssl-secret');
  take('proxy-ssl-server-name');
  if (s.backendProtocol === 'HTTPS' || s.backendProtocol === 'GRPCS' || sslSecret) {
    const tls: NonNullable<IngressSettings['backendTls']> = { verify: verify === 'on' };
    if (sslName) tls.hostname = sslName;
    if (sslSecret) tls.caSecret = sslSecret;
    s.backendTls = tls;
  }

  if (take('enable-cors') === 'true') s.cors = corsOf(a);
  for (const k of [
    'cors-allow-origin',
    'cors-allow-methods',
    'cors-allow-headers',
    'cors-allow-credentials',
    'cors-max-age',
    'cors-expose-headers',
  ]) {
    if (take(k) !== undefined && !s.cors)
      report.add(
        'info',
        f(k),
        'ingress-cors-disabled',
        'enable-cors is not "true", so ingress-nginx ignores this; not carried',
      );
  }

  const custom = take('custom-headers');
  if (custom) s.customHeaders = custom;
  const prefix = take('x-forwarded-prefix');
  if (prefix) s.requestHeaders.push({ name: 'X-Forwarded-Prefix', value: prefix });
  const vhost = take('upstream-vhost');
  if (vhost) s.hostRewrite = vhost;
  const conn = take('connection-proxy-header');
  if (conn) s.requestHeaders.push({ name: 'Connection', value: conn });

  const body = take('proxy-body-size');
  if (body !== undefined) {
    const m = SIZE.exec(body.trim());
    if (m) feature('proxy-body-size', { type: 'body-size', size: `${m[1]}${(m[2] ?? '').toLowerCase()}` });
    else
      report.add(
        'warning',
        f('proxy-body-size'),
        'ingress-size',
        `${body} is not an NGINX size; not carried`,
      );
  }
  const connect = seconds(take('proxy-connect-timeout'));
  const read = seconds(take('proxy-read-timeout'));
  const send = seconds(take('proxy-send-timeout'));
  // One feature per annotation, so each is carried or reported on its own; read and send travel
  // together because some targets have one idle timeout for both.
  if (connect !== undefined) feature('proxy-connect-timeout', { type: 'proxy-timeouts', connect });
  const idle: Feature & { type: 'proxy-timeouts' } = { type: 'proxy-timeouts' };
  if (read !== undefined) idle.read = read;
  if (send !== undefined) idle.send = send;
  if (read !== undefined) feature('proxy-read-timeout', idle);
  if (send !== undefined) feature('proxy-send-timeout', idle);

  const allow = take('whitelist-source-range') ?? take('allowlist-source-range');
  take('allowlist-source-range');
  if (allow)
    feature(a['whitelist-source-range'] ? 'whitelist-source-range' : 'allowlist-source-range', {
      type: 'ip-allow',
      cidrs: list(allow),
    });
  const deny = take('denylist-source-range');
  if (deny) feature('denylist-source-range', { type: 'ip-deny', cidrs: list(deny) });

  if (take('affinity') === 'cookie') {
    const cookie: Feature & { type: 'session-cookie' } = {
      type: 'session-cookie',
      name: take('session-cookie-name') ?? 'INGRESSCOOKIE',
    };
    const ttl = seconds(take('session-cookie-max-age')) ?? seconds(take('session-cookie-expires'));
    if (ttl !== undefined) cookie.ttlSeconds = ttl;
    const path = take('session-cookie-path');
    if (path) cookie.path = path;
    feature('affinity', cookie);
    const mode = take('affinity-mode');
    if (mode === 'persistent')
      report.add(
        'info',
        f('affinity-mode'),
        'ingress-affinity-mode',
        'persistent affinity (sessions kept when endpoints scale) is how cookie hashing behaves; carried as is',
      );
  }

  const lb = take('load-balance');
  if (lb === 'round_robin') feature('load-balance', { type: 'load-balancer', method: 'round-robin' });
  else if (lb === 'ewma') feature('load-balance', { type: 'load-balancer', method: 'least-request' });
  else if (lb)
    report.add(
      'warning',
      f('load-balance'),
      'ingress-load-balance',
      `load-balance ${lb} is not known; not carried`,
    );
  const hash = take('upstream-hash-by');
  if (hash) {
    const h = /^\$(remote_addr|binary_remote_addr)$/.test(hash)
      ? ({ type: 'hash', by: 'source-ip', nginxKey: hash } as const)
      : /^\$http_([a-z0-9_]+)$/.exec(hash)
        ? ({ type: 'hash', by: 'header', name: hash.slice(6).replace(/_/g, '-'), nginxKey: hash } as const)
        : /^\$cookie_([A-Za-z0-9_-]+)$/.exec(hash)
          ? ({ type: 'hash', by: 'cookie', name: hash.slice(8), nginxKey: hash } as const)
          : /^\$arg_([A-Za-z0-9_-]+)$/.exec(hash)
            ? ({ type: 'hash', by: 'query', name: hash.slice(5), nginxKey: hash } as const)
            : undefined;
    if (h) feature('upstream-hash-by', h);
    else
      report.add(
        'error',
        f('upstream-hash-by'),
        'ingress-hash',
        `hashing by ${hash} has no policy form in any target; not carried`,
      );
  }

  const tries = take('proxy-next-upstream-tries');
  const nextUpstream = take('proxy-next-upstream');
  take('proxy-next-upstream-timeout');
  if (tries !== undefined && Number(tries) > 1) {
    const codes = list(nextUpstream?.replace(/\s+/g, ',')).flatMap((c) =>
      /^http_(\d{3})$/.test(c) ? [Number(c.slice(5))] : [],
    );
    const r: Feature & { type: 'retry' } = {
      type: 'retry',
      attempts: Number(tries) - 1,
      triggers: ['connect-failure', 'reset'],
    };
    if (codes.length) r.codes = codes;
    feature('proxy-next-upstream-tries', r);
  }
  const rps = take('limit-rps');
  const rpm = take('limit-rpm');
  if (rps && Number(rps) > 0)
    feature('limit-rps', { type: 'rate-limit', requests: Number(rps), unit: 'Second' });
  else if (rpm && Number(rpm) > 0)
    feature('limit-rpm', { type: 'rate-limit', requests: Number(rpm), unit: 'Minute' });
  const buffering = take('proxy-buffering');
  const bufferSize = take('proxy-buffer-size');
  if (buffering !== undefined || bufferSize !== undefined) {
    const b: Feature & { type: 'buffering' } = { type: 'buffering' };
    if (buffering === 'off') b.disable = true;
    if (bufferSize && SIZE.test(bufferSize)) b.bufferSize = bufferSize.toLowerCase();
    feature(buffering !== undefined ? 'proxy-buffering' : 'proxy-buffer-size', b);
  }
  const ciphers = take('ssl-ciphers');
  if (ciphers) feature('ssl-ciphers', { type: 'tls-ciphers', ciphers: ciphers.split(':').filter(Boolean) });
  const location = take('configuration-snippet');
  if (location)
    feature('configuration-snippet', { type: 'snippet', context: 'http.server.location', value: location });
  const server = take('server-snippet');
  if (server) feature('server-snippet', { type: 'snippet', context: 'http.server', value: server });

  for (const key of Object.keys(a)) {
    if (handled.has(key) || CANARY.test(key)) continue;
    const what = describeAnnotation(`${NGINX_PREFIX}${key}`);
    report.add(
      'error',
      f(key),
      'ingress-annotation',
      what
        ? `${key} (${what}) has no Gateway API or target policy form here; not carried`
        : `${key} is not an ingress-nginx annotation this converter knows; not carried`,
    );
  }
  return s;
}
