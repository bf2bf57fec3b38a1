/**
 * One value per process under `key`. Next.js bundles server code separately for instrumentation
 * and for each route, each bundle with its own instance of a module: a cache kept in a module
 * variable would be one per bundle, and a snapshot indexed by the background model would be
 * indexed again by every route. Caches shared across them live here.
 */
export function processWide<T>(key: string, init: () => T): T {
  const g = globalThis as unknown as Record<symbol, unknown>;
  const sym = Symbol.for(`mesh-migrator:${key}`);
  if (!(sym in g)) g[sym] = init();
  return g[sym] as T;
}
