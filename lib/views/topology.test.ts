import { describe, expect, it } from 'vitest';
import { parseTopologyParams, topologyQuery } from './topology';

describe('topology params', () => {
  it('parses lists and drops unknown values', () => {
    const p = parseTopologyParams(
      new URLSearchParams('ns=shop,bookinfo&dp=sidecar,bogus&edges=telemetry&q= rev &expand=a'),
    );
    expect(p).toEqual({
      namespaces: ['shop', 'bookinfo'],
      dataplanes: ['sidecar'],
      edges: ['telemetry'],
      search: 'rev',
      expanded: ['a'],
    });
  });

  it('defaults to both edge sources', () => {
    expect(parseTopologyParams(new URLSearchParams('')).edges).toEqual(['config', 'telemetry']);
  });

  it('round-trips with a stable order', () => {
    const q = topologyQuery({
      namespaces: ['b', 'a'],
      dataplanes: ['ztunnel', 'sidecar'],
      edges: ['config'],
      search: 'x',
      expanded: [],
    });
    expect(q).toBe('ns=a%2Cb&dp=sidecar%2Cztunnel&edges=config&q=x');
    expect(topologyQuery(parseTopologyParams(new URLSearchParams(q)))).toBe(q);
  });
});
