import { describe, expect, it } from 'vitest';
import { formatProblem, parseObjects } from './parse';

describe('parseObjects', () => {
  it('reads multi-document YAML', () => {
    const r = parseObjects(
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n',
      'x.yaml',
    );
    expect(r.objects.map((o) => o.metadata.name)).toEqual(['a', 'b']);
    expect(r.problems).toEqual([]);
  });

  it('flattens List objects', () => {
    const r = parseObjects(
      'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p, namespace: n}\n',
      'dump.yaml',
    );
    expect(r.objects).toHaveLength(1);
    expect(r.objects[0]?.kind).toBe('Pod');
  });

  it('reports a malformed document by index and keeps the rest', () => {
    const r = parseObjects(
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\nkind: [unclosed\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: c}\n',
      'bad.yaml',
    );
    expect(r.objects.map((o) => o.metadata.name)).toEqual(['a', 'c']);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]?.document).toBe(1);
    expect(formatProblem(r.problems[0] as never)).toMatch(/^bad\.yaml#1: /);
  });

  it('reports documents that are not objects', () => {
    const r = parseObjects('- a\n- b\n---\nfoo: bar\n', 'f.yaml');
    expect(r.objects).toEqual([]);
    expect(r.problems.map((p) => p.document)).toEqual([0, 1]);
  });

  it('ignores empty documents', () => {
    expect(parseObjects('---\n---\n', 'e.yaml')).toEqual({ objects: [], problems: [] });
    expect(parseObjects('', 'e.yaml')).toEqual({ objects: [], problems: [] });
  });
});
