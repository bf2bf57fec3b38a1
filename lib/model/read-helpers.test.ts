import { describe, expect, it } from 'vitest';
import { compact } from './read-helpers';

describe('compact', () => {
  it('drops undefined members, keeps the others in order, and leaves its input alone', () => {
    const input = { host: 'a', subset: undefined, port: 0, weight: null, headers: undefined };
    const out = compact(input);
    expect(Object.keys(out)).toEqual(['host', 'port', 'weight']);
    expect('subset' in out).toBe(false);
    expect(out).toEqual({ host: 'a', port: 0, weight: null });
    expect(Object.keys(input)).toHaveLength(5);
  });
});
