import { describe, expect, it } from 'vitest';
import { fieldPath, parseFieldPath, resolveFieldPath } from './warnings';

describe('field paths', () => {
  it('builds paths with dots, indexes and quoted keys', () => {
    const p = fieldPath(fieldPath(fieldPath(fieldPath(fieldPath('spec', 'http'), 2), 'match'), 0), 'headers');
    expect(fieldPath(p, 'x-user')).toBe('spec.http[2].match[0].headers["x-user"]');
    expect(fieldPath('', 'spec')).toBe('spec');
  });

  it('parses what it builds, including quotes and brackets in keys', () => {
    const key = 'a"b]c';
    expect(parseFieldPath(fieldPath('spec', key))).toEqual(['spec', key]);
    expect(parseFieldPath('spec.http[10].fault')).toEqual(['spec', 'http', 10, 'fault']);
    expect(parseFieldPath('spec..x[')).toBeUndefined();
  });

  it('resolves into objects and reports missing steps', () => {
    const obj = { spec: { http: [{ match: [{ headers: { 'x-user': { exact: 'a' } } }] }] } };
    expect(resolveFieldPath(obj, 'spec.http[0].match[0].headers["x-user"].exact')).toBe('a');
    expect(resolveFieldPath(obj, 'spec.http[1]')).toBeUndefined();
    expect(resolveFieldPath(obj, 'spec.http.x')).toBeUndefined();
    expect(resolveFieldPath(obj, 'spec.toString')).toBeUndefined();
  });
});
