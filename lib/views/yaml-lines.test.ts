import { describe, expect, it } from 'vitest';
import { getPath, lineOfPath, parseFieldPath, relativeField } from './yaml-lines';

const RULE = `match:
  - uri:
      prefix: /api
    headers:
      x-user: { exact: jason }
fault:
  abort:
    percentage: { value: 10 }
    httpStatus: 500
route:
  - destination: { host: ratings, subset: v1 }
`;

describe('yaml lines', () => {
  it.each([
    ['fault', 5],
    ['fault.abort.httpStatus', 8],
    ['match[0].uri.prefix', 2],
    ['match[0].headers', 3],
    ['route[0].destination', 10],
    ['', 0],
    // A path that goes deeper than the YAML: the deepest existing part.
    ['fault.delay', 5],
  ])('%s is on line %i', (field, line) => {
    expect(lineOfPath(RULE, parseFieldPath(field))).toBe(line);
  });

  it('parses paths and takes them relative to a rule', () => {
    expect(parseFieldPath('spec.http[1].match[0].uri')).toEqual(['spec', 'http', 1, 'match', 0, 'uri']);
    expect(relativeField('spec.http[1].fault', 'spec.http[1]')).toBe('fault');
    expect(relativeField('spec.http[1][0]', 'spec.http[1]')).toBe('[0]');
    expect(relativeField('spec.http[10]', 'spec.http[1]')).toBeUndefined();
  });

  it('reads a path of an object', () => {
    expect(getPath({ spec: { rules: [{ a: 1 }, { b: 2 }] } }, 'spec.rules[1]')).toEqual({ b: 2 });
    expect(getPath({ spec: {} }, 'spec.rules[3].x')).toBeUndefined();
  });
});
