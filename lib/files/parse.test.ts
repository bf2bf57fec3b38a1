import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeParse, formatProblem, parseObjects } from './parse';

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

  it('says on which line and column of the file a syntax error is', () => {
    const r = parseObjects(
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  name: q\nspec: {}\n',
      'bad.yaml',
    );
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]?.message).toBe('line 9, column 3: Map keys must be unique');
  });

  it('reports documents that are not objects', () => {
    const r = parseObjects('- a\n- b\n---\nfoo: bar\n', 'f.yaml');
    expect(r.objects).toEqual([]);
    expect(r.problems.map((p) => p.document)).toEqual([0, 1]);
  });

  it('ignores empty documents', () => {
    expect(parseObjects('---\n---\n', 'e.yaml')).toEqual({ objects: [], problems: [], skipped: [] });
    expect(parseObjects('', 'e.yaml')).toEqual({ objects: [], problems: [], skipped: [] });
  });

  it('names the file and document of an alias bomb and keeps the other documents', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`,
      );
    const r = parseObjects(
      `apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n${bomb.join('\n')}\n`,
      'bomb.yaml',
    );
    expect(r.objects.map((o) => o.metadata.name)).toEqual(['a']);
    expect(r.problems).toHaveLength(1);
    expect(formatProblem(r.problems[0] as never)).toMatch(/^bomb\.yaml#1: .*alias/i);
  });

  it.each([
    [
      'kustomization.yaml',
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]\n',
      /a Kustomization/,
    ],
    ['values.yaml', 'replicaCount: 2\nimage: {tag: v1}\n', /no apiVersion, kind or metadata/],
    ['list.yaml', '- a\n- b\n', /expected a mapping/],
  ])('skips %s with a note when asked to skip foreign documents', (file, text, note) => {
    const r = parseObjects(text, file, { skipForeign: true });
    expect(r.problems).toEqual([]);
    expect(r.skipped.map(formatProblem)).toEqual([expect.stringMatching(note)]);
    // Named explicitly (no skipForeign), the same file is a problem.
    expect(parseObjects(text, file).problems).toHaveLength(1);
  });

  it('still reports a Kubernetes-shaped object without a name when skipping foreign documents', () => {
    const r = parseObjects('apiVersion: v1\nkind: Service\nmetadata: {namespace: x}\n', 's.yaml', {
      skipForeign: true,
    });
    expect(r.problems.map((p) => p.message)).toEqual(['missing apiVersion, kind or metadata.name']);
    expect(r.skipped).toEqual([]);
  });
});

describe('the fast path', () => {
  const root = path.resolve(import.meta.dirname, '..', '..');
  const files = ['scenarios', 'test/fixtures', 'e2e/fixtures', 'lib/convert']
    .flatMap((dir) =>
      readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)),
    )
    .filter((f) => /\.ya?ml$/.test(f));

  it('finds the repository YAML it compares', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files)('reads %s as the document-by-document parser does', (file) => {
    const text = readFileSync(path.join(root, file), 'utf8');
    expect(parseObjects(text, file)).toEqual(composeParse(text, file));
  });

  it('leaves aliases to the document-by-document parser', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: &m {name: a}\ndata: {x: "1"}\n---\nx: *m\n';
    expect(parseObjects(text, 'f')).toEqual(composeParse(text, 'f'));
    expect(parseObjects(text, 'f').problems).toHaveLength(1);
  });
});
