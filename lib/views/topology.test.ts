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
      level: 'auto',
      groupBy: 'state',
      open: [],
      focus: '',
    });
  });

  it('reads the level, grouping, open groups and focus; refuses a malformed label key', () => {
    const p = parseTopologyParams(
      new URLSearchParams('level=groups&group=label:team&open=team%3Da,state%3Dsidecar&focus=reviews'),
    );
    expect(p).toMatchObject({
      level: 'groups',
      groupBy: 'label:team',
      open: ['team=a', 'state=sidecar'],
      focus: 'reviews',
    });
    expect(parseTopologyParams(new URLSearchParams('level=everything&group=label:a b')).level).toBe('auto');
    expect(parseTopologyParams(new URLSearchParams('group=label:a b')).groupBy).toBe('state');
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
      level: 'namespaces',
      groupBy: 'label:team',
      open: ['team=b', 'team=a'],
      focus: 'api',
    });
    expect(q).toBe(
      'ns=a%2Cb&dp=sidecar%2Cztunnel&edges=config&q=x&level=namespaces&group=label%3Ateam&open=team%3Da%2Cteam%3Db&focus=api',
    );
    expect(topologyQuery(parseTopologyParams(new URLSearchParams(q)))).toBe(q);
  });
});
