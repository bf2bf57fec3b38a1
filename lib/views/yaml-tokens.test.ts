import { describe, expect, it } from 'vitest';
import { tokenizeYamlLine } from './yaml-tokens';

const types = (line: string) => tokenizeYamlLine(line).map((t) => [t.type, t.text]);

describe('tokenizeYamlLine', () => {
  it.each([
    [
      'kind: HTTPRoute',
      [
        ['key', 'kind'],
        ['punct', ':'],
        ['string', ' HTTPRoute'],
      ],
    ],
    [
      '  port: 9080',
      [
        ['punct', '  '],
        ['key', 'port'],
        ['punct', ':'],
        ['number', ' 9080'],
      ],
    ],
    [
      '    - name: reviews',
      [
        ['punct', '    - '],
        ['key', 'name'],
        ['punct', ':'],
        ['string', ' reviews'],
      ],
    ],
    ['# a comment', [['comment', '# a comment']]],
    [
      'enabled: true # why',
      [
        ['key', 'enabled'],
        ['punct', ':'],
        ['bool', ' true'],
        ['comment', ' # why'],
      ],
    ],
    [
      '  - v1',
      [
        ['punct', '  - '],
        ['string', 'v1'],
      ],
    ],
    [
      'spec:',
      [
        ['key', 'spec'],
        ['punct', ':'],
      ],
    ],
  ])('%s', (line, want) => {
    expect(types(line)).toEqual(want);
  });

  it('keeps the text intact', () => {
    for (const line of ['a: "b: c"', '- x: [1, 2]', '  url: http://x:80/y']) {
      expect(
        tokenizeYamlLine(line)
          .map((t) => t.text)
          .join(''),
      ).toBe(line);
    }
  });
});
