import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createRng } from './testing/prng';
import { toYaml } from './yaml-out';

const yamlOf = (v: unknown) => stringify(v, { lineWidth: 0, aliasDuplicateObjects: false });

const STRINGS = [
  'plain',
  'gateway.networking.k8s.io/v1',
  '/api/v1',
  '*.example.com',
  '*',
  '',
  'true',
  'No',
  'null',
  '~',
  '80',
  '1.5',
  '0x1F',
  '1s500ms',
  'a: b',
  'a #b',
  "it's",
  'say "hi"',
  'two\nlines',
  ' lead',
  'trail ',
  '- dash',
  '%VAR%',
  '@at',
  '`tick`',
  'ünïcode',
  '(?i)/api.*',
  '[x]',
  '{y}',
  '&a',
  '!tag',
  '.inf',
];

function randomValue(rnd: () => number, depth: number): unknown {
  const r = rnd();
  const str = () => STRINGS[Math.floor(rnd() * STRINGS.length)] ?? '';
  if (depth > 3 || r < 0.45) {
    const k = rnd();
    if (k < 0.6) return str();
    if (k < 0.75) return Math.floor(rnd() * 70000);
    if (k < 0.85) return rnd() < 0.5;
    if (k < 0.9) return null;
    return rnd() < 0.5 ? [] : {};
  }
  if (r < 0.7) return Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => randomValue(rnd, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = 0; i < 1 + Math.floor(rnd() * 4); i++) o[str() || `k${i}`] = randomValue(rnd, depth + 1);
  return o;
}

describe('toYaml', () => {
  it.each([
    [
      'a Kubernetes object',
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'a', labels: { x: 'y' } } },
    ],
    ['sequences of maps', { spec: { ports: [{ name: 'http', port: 80 }, { port: 443 }] } }],
    ['nested sequences', { a: [[1, 2], ['x', []], [{ b: 'c' }]] }],
    ['empty collections', { a: {}, b: [], c: [{}], d: null }],
    ['quoted keys and values', { '*': '*', 'a: b': '', true: 'false', '80': 80 }],
  ])('writes %s as yaml does', (_name, value) => {
    expect(toYaml(value)).toBe(yamlOf(value));
  });

  it('gives back the value when parsed, for 500 random values (same text as yaml where one line suffices)', {
    timeout: 30_000,
  }, () => {
    const rng = createRng(7);
    const rnd = () => rng.next();
    let same = 0;
    for (let i = 0; i < 500; i++) {
      const v = { root: randomValue(rnd, 0) };
      const text = toYaml(v);
      expect(parse(text), text).toEqual(v);
      if (text === yamlOf(v)) same++;
    }
    // Only values with multi-line strings may differ in style (JSON-quoted instead of a block scalar).
    expect(same).toBeGreaterThan(300);
  });
});
