import type { Rng } from './prng';

/** The subset of OpenAPI v3 (CRD structural schema) the generator walks. */
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  enum?: unknown[];
  oneOf?: { required?: string[] }[];
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  'x-kubernetes-int-or-string'?: boolean;
}

/** Returned by a hint to fall back to the schema-driven value. */
export const SCHEMA = Symbol('schema');

/**
 * Steers generation: `value(path)` may return a value for a path like `http[].route[].destination.host`
 * (or SCHEMA); `include(path)` is the chance an optional field appears; `count(path)` an array length.
 */
export interface GenHints {
  value(path: string, rng: Rng): unknown;
  include(path: string): number;
  count(path: string, rng: Rng): number;
  mapKeys?(path: string, rng: Rng): string[];
}

const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'x-team', 'v1', 'v2', 'canary', 'blue', 'green'];

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function oneOfGroups(s: JsonSchema): { members: Set<string>; choices: string[][] } | undefined {
  if (!s.oneOf) return undefined;
  const choices = s.oneOf.map((o) => o.required ?? []).filter((r) => r.length > 0);
  return { members: new Set(choices.flat()), choices };
}

/** A random value for `schema` at `path`, following hints first. */
export function generate(schema: JsonSchema, path: string, rng: Rng, hints: GenHints, depth = 0): unknown {
  const hinted = hints.value(path, rng);
  if (hinted !== SCHEMA) return hinted;
  if (schema.enum?.length) return rng.pick(schema.enum);
  if (schema['x-kubernetes-int-or-string']) return rng.chance(0.5) ? rng.int(1, 65535) : rng.pick(WORDS);
  switch (schema.type) {
    case 'object': {
      if (schema.properties) {
        const out: Record<string, unknown> = {};
        const one = oneOfGroups(schema);
        const chosen = one ? (rng.chance(0.85) ? rng.pick(one.choices) : []) : [];
        for (const [key, sub] of Object.entries(schema.properties)) {
          const p = join(path, key);
          if (one?.members.has(key) && !chosen.includes(key)) continue;
          if (!one?.members.has(key) && !rng.chance(hints.include(p))) continue;
          if (depth > 12) continue;
          const v = generate(sub, p, rng, hints, depth + 1);
          if (v !== undefined) out[key] = v;
        }
        return out;
      }
      if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        const sub = schema.additionalProperties;
        const keys = hints.mapKeys?.(`${path}{}`, rng) ?? rng.some(WORDS, rng.int(0, 3));
        const out: Record<string, unknown> = {};
        for (const k of keys) out[k] = generate(sub, `${path}{}`, rng, hints, depth + 1);
        return out;
      }
      return {};
    }
    case 'array': {
      const n = Math.min(hints.count(`${path}[]`, rng), schema.maxItems ?? Number.POSITIVE_INFINITY);
      const items = schema.items ?? {};
      return Array.from({ length: n }, () => generate(items, `${path}[]`, rng, hints, depth + 1));
    }
    case 'string':
      return rng.pick(WORDS);
    case 'integer': {
      const min = Math.max(schema.minimum ?? 0, 0);
      const max = Math.min(schema.maximum ?? 100, 100_000);
      return rng.int(min, max);
    }
    case 'number':
      return rng.chance(0.5) ? rng.int(0, 100) : Math.round(rng.next() * 1000) / 10;
    case 'boolean':
      return rng.chance(0.5);
    default:
      return undefined;
  }
}
