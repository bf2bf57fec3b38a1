import { describe, expect, it } from 'vitest';
import { splitRows, unifiedRows } from './diff-rows';

const before = 'a: 1\nb: 2\nc: 3\n';
const after = 'a: 1\nb: 20\nb2: 21\nc: 3\n';

describe('diff rows', () => {
  it('unified marks added and removed lines', () => {
    expect(unifiedRows(before, after)).toEqual([
      { kind: 'same', text: 'a: 1' },
      { kind: 'del', text: 'b: 2' },
      { kind: 'add', text: 'b: 20' },
      { kind: 'add', text: 'b2: 21' },
      { kind: 'same', text: 'c: 3' },
    ]);
  });

  it('split aligns a replacement beside what it replaces', () => {
    expect(splitRows(before, after)).toEqual([
      { left: { text: 'a: 1', kind: 'same' }, right: { text: 'a: 1', kind: 'same' } },
      { left: { text: 'b: 2', kind: 'del' }, right: { text: 'b: 20', kind: 'add' } },
      { right: { text: 'b2: 21', kind: 'add' } },
      { left: { text: 'c: 3', kind: 'same' }, right: { text: 'c: 3', kind: 'same' } },
    ]);
  });

  it('a new object is all additions', () => {
    expect(unifiedRows('', 'x: 1\n')).toEqual([{ kind: 'add', text: 'x: 1' }]);
    expect(splitRows('', 'x: 1\n')).toEqual([{ right: { text: 'x: 1', kind: 'add' } }]);
  });
});
