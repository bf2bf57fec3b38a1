import { describe, expect, it } from 'vitest';
import { sentTo, virtualServiceOf } from './read';

describe('sentTo', () => {
  it('lists route destinations of every section and the mirrors, in rule order', () => {
    const spec = virtualServiceOf({
      spec: {
        hosts: ['reviews'],
        http: [
          {
            route: [
              { destination: { host: 'reviews', subset: 'v1' }, weight: 90 },
              { destination: { host: 'reviews', subset: 'v2' }, weight: 10 },
            ],
            mirror: { host: 'shadow' },
            mirrors: [{ destination: { host: 'audit', port: { number: 80 } } }],
          },
          { route: [{ destination: { host: 'ratings' } }] },
        ],
        tcp: [{ route: [{ destination: { host: 'db', port: { number: 5432 } } }] }],
        tls: [{ match: [{ sniHosts: ['a.example.com'] }], route: [{ destination: { host: 'a' } }] }],
      },
    });
    expect(
      sentTo(spec).map((d) => [
        d.section,
        d.destination.host,
        d.destination.subset,
        d.weight,
        d.siblings,
        d.mirror,
      ]),
    ).toEqual([
      ['http', 'reviews', 'v1', 90, 2, undefined],
      ['http', 'reviews', 'v2', 10, 2, undefined],
      ['http', 'shadow', undefined, undefined, 1, true],
      ['http', 'audit', undefined, undefined, 1, true],
      ['http', 'ratings', undefined, undefined, 1, undefined],
      ['tcp', 'db', undefined, undefined, 1, undefined],
      ['tls', 'a', undefined, undefined, 1, undefined],
    ]);
  });

  it('reads each object once and ignores malformed entries', () => {
    const obj = { spec: { http: [{ route: [{ destination: {} }, 'x', { destination: { host: 'ok' } }] }] } };
    expect(virtualServiceOf(obj)).toBe(virtualServiceOf(obj));
    expect(sentTo(virtualServiceOf(obj)).map((d) => d.destination.host)).toEqual(['ok']);
  });
});
