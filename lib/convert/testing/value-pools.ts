import type { Rng } from './prng';
import type { World } from './random-vs';
import { SCHEMA } from './schema-gen';

/** Realistic, tricky and invalid-but-admitted values, by field path; SCHEMA = let the schema decide. */

const DURATIONS = ['1s', '500ms', '1.5s', '2m', '0.0005s', '1h30m', '10s', '0s'];
const EXACT_PATHS = ['/productpage', '/api/v1/products', '/login', '/a b', '/pkg.Echo/Say', '/x?y=1', '/Foo'];
const PREFIXES = ['/', '/api', '/api/', '/static', '', '/pkg.Echo/', '/v1/cart', '/a//b', 'no-slash'];
const REGEXES = ['/api/v[0-9]+/.*', '.*', '/users/[^/]+', '(?i)/admin.*'];

function stringMatchValue(path: string, rng: Rng): unknown {
  const field = path.slice(path.lastIndexOf('.') + 1);
  if (/\.uri\.(exact|prefix|regex)$/.test(path)) {
    return field === 'exact'
      ? rng.pick(EXACT_PATHS)
      : field === 'prefix'
        ? rng.pick(PREFIXES)
        : rng.pick(REGEXES);
  }
  if (/\.method\.(exact|prefix|regex)$/.test(path)) {
    return field === 'exact'
      ? rng.pick(['GET', 'POST', 'PURGE'])
      : field === 'prefix'
        ? rng.pick(['P', 'G', ''])
        : rng.pick(['GET|HEAD', 'P.*', '.*', 'X']);
  }
  if (/\.authority\.(exact|prefix|regex)$/.test(path))
    return rng.pick(['bookinfo.example.com', 'shop.example.com:8080']);
  if (/\.scheme\.(exact|prefix|regex)$/.test(path)) return rng.pick(['https', 'http']);
  if (/allowOrigins\[\]\.(exact|prefix|regex)$/.test(path)) {
    return field === 'exact'
      ? rng.pick(['https://a.example.com', '*', 'not-an-origin'])
      : field === 'regex'
        ? rng.pick(['https://.*\\.example\\.com', '.*', 'foo[0-9]'])
        : 'https://';
  }
  if (field === 'exact') return rng.pick(['jason', 'true', '1', 'a  b', '']);
  if (field === 'prefix') return rng.pick(['Bearer ', 'v', '']);
  if (field === 'regex') return rng.pick(['^v[12]$', '.*', 'a+b']);
  return SCHEMA;
}

function gatewayValue(path: string, rng: Rng): unknown {
  if (path === 'servers[].port.number') return rng.pick([80, 443, 8080, 15443, 9000, 31400, 0]);
  if (path === 'servers[].port.protocol')
    return rng.pick(['HTTP', 'HTTPS', 'HTTP2', 'GRPC', 'TLS', 'TCP', 'MONGO', 'http']);
  if (path === 'servers[].port.name') return rng.pick(['http', 'https', 'tls-passthrough', 'tcp', 'Port_1']);
  if (path === 'servers[].hosts[]') {
    return rng.pick([
      '*',
      '*.example.com',
      'bookinfo.example.com',
      'shop/shop.example.com',
      './a.example.com',
      '*/b.example.com',
      '1.2.3.4',
      'api.example.com',
    ]);
  }
  if (
    path === 'servers[].tls.credentialName' ||
    path === 'servers[].tls.credentialNames[]' ||
    path === 'servers[].tls.caCertCredentialName'
  ) {
    return rng.pick(['bookinfo-tls', 'shop-tls']);
  }
  if (/servers\[\]\.tls\.(serverCertificate|privateKey|caCertificates)$/.test(path))
    return '/etc/certs/file.pem';
  if (path === 'servers[].tls.tlsCertificates[]')
    return { serverCertificate: '/etc/certs/a.pem', privateKey: '/etc/certs/a.key' };
  if (path === 'servers[].tls.credentialNames') return ['bookinfo-tls'];
  return SCHEMA;
}

/** The hint used by the random input generator for `kind` at `path`. */
export function valueHint(kind: 'VirtualService' | 'Gateway', path: string, rng: Rng, world: World): unknown {
  if (kind === 'Gateway') return gatewayValue(path, rng);
  if (path === 'hosts' || path === 'gateways') return undefined;
  if (/\.(exact|prefix|regex)$/.test(path)) return stringMatchValue(path, rng);
  if (/\.gateways\[\]$/.test(path)) return rng.pick([...world.gateways, 'mesh', 'other-gw']);
  if (/(destination|mirror)\.host$/.test(path)) return rng.pick(world.hosts);
  if (/(destination|mirror)\.subset$/.test(path)) return rng.pick(world.subsets);
  if (/(destination|mirror)\.port\.number$/.test(path)) return rng.pick(world.ports);
  if (/\.(timeout|perTryTimeout|backoff|fixedDelay|exponentialDelay|maxAge)$/.test(path))
    return rng.pick(DURATIONS);
  if (/\.match\[\]\.port$/.test(path)) return rng.pick([80, 443, 9080, 0, 70000]);
  if (path.endsWith('.weight')) return rng.int(0, 100);
  if (/(mirrorPercentage|percentage)\.value$/.test(path)) return rng.pick([0, 0.5, 10, 33.3, 100, 150]);
  if (/\.(mirrorPercent|mirror_percent)$/.test(path)) return rng.pick([0, 50, 100]);
  if (path.endsWith('redirect.uri')) return rng.pick(['/new', '/']);
  if (path.endsWith('redirect.authority'))
    return rng.pick(['new.example.com', 'new.example.com:8443', 'Bad_Host']);
  if (path.endsWith('redirect.scheme')) return rng.pick(['https', 'http', 'ftp']);
  if (path.endsWith('redirect.redirectCode')) return rng.pick([301, 302, 307, 308, 300, 200]);
  if (path.endsWith('redirect.port')) return rng.pick([8443, 0]);
  if (path.endsWith('rewrite.uri')) return rng.pick(['/', '/v2/', '/new']);
  if (path.endsWith('rewrite.authority')) return rng.pick(['internal.svc', 'host:8080', 'UPPER.example.com']);
  if (/headers\.(request|response)\.(set|add)\{\}$/.test(path))
    return rng.pick(['1', 'hello world', '', '%DOWNSTREAM_REMOTE_ADDRESS%']);
  if (/headers\.(request|response)\.remove\[\]$/.test(path))
    return rng.pick(['x-remove', 'bad header', 'x-remove']);
  if (path.endsWith('allowOrigin[]')) return rng.pick(['https://a.example.com', 'bad']);
  if (path.endsWith('allowMethods[]')) return rng.pick(['GET', 'POST', 'PURGE', '*', 'get']);
  if (/(allowHeaders|exposeHeaders)\[\]$/.test(path))
    return rng.pick(['content-type', '*', 'bad header', 'x-a']);
  if (path.endsWith('retries.attempts')) return rng.pick([0, 1, 3]);
  if (path.endsWith('retries.retryOn'))
    return rng.pick([
      '5xx,connect-failure',
      'gateway-error,reset',
      '503',
      'retriable-4xx,retriable-status-codes',
    ]);
  if (path.endsWith('directResponse.status')) return rng.pick([200, 404, 503]);
  if (path === 'http[].name') return rng.pick(['default', 'Jason_Rule', 'r1', '']);
  if (path.endsWith('sniHosts[]'))
    return rng.pick(['api.example.com', '*.example.com', '*', 'shop.example.com']);
  if (/(destinationSubnets\[\]|sourceSubnet)$/.test(path)) return '10.0.0.0/8';
  if (path.endsWith('sourceLabels{}')) return 'sleep';
  if (path === 'exportTo[]') return rng.pick(['.', '*']);
  if (path.endsWith('uriRegexRewrite.match')) return '^/old/(.*)$';
  if (path.endsWith('uriRegexRewrite.rewrite')) return '/new/\\1';
  if (path.endsWith('delegate.namespace')) return rng.pick(world.namespaces);
  return SCHEMA;
}
