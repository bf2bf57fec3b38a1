import { describe, expect, it } from 'vitest';
import { clusterKeys, isStale, type LiveUpdate } from './keys';

const change = (namespaces?: string[]): LiveUpdate => ({
  type: 'change',
  ...(namespaces ? { namespaces } : {}),
});
const summary = (namespaces?: string[]): LiveUpdate => ({
  type: 'summary',
  ...(namespaces ? { namespaces } : {}),
});

describe('isStale', () => {
  it.each([
    ['plan once the summary caught up', summary(['shop']), clusterKeys.plan('shop'), true],
    ['plan of another namespace', summary(['shop']), clusterKeys.plan('bookinfo'), false],
    ['access of a changed namespace', change(['shop']), clusterKeys.access('shop'), true],
    ['routes of a changed namespace', change(['shop']), clusterKeys.routes('shop', 'istio'), true],
    ['history of every namespace', change(['shop']), clusterKeys.history(), true],
    ['cluster status', change(['shop']), clusterKeys.status(), true],
    ['summary before it caught up', change(['shop']), clusterKeys.summary(), false],
    ['summary once it caught up', summary(['shop']), clusterKeys.summary(), true],
    ['namespace page once the summary caught up', summary(['shop']), clusterKeys.namespace('shop'), true],
    ['other namespace page', summary(['shop']), clusterKeys.namespace('bookinfo'), false],
    ['topology once the summary caught up', summary(['shop']), clusterKeys.topology('x'), true],
    ['plan before the summary caught up', change(['shop']), clusterKeys.plan('shop'), false],
    ['any plan after a full recompute', summary(), clusterKeys.plan('bookinfo'), true],
    ['any namespace page after a full recompute', summary(), clusterKeys.namespace('bookinfo'), true],
    ['a query outside the cluster', change(), ['other'], false],
  ] as const)('%s', (_name, update, key, expected) => {
    expect(isStale(update, key)).toBe(expected);
  });
});
