/** Kubernetes resource quantities (`250m`, `1.5`, `128Mi`, `1e3`) as plain numbers. Pure. */

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};
const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/;

/** The value of a quantity in base units (cores, bytes); undefined when it is not a quantity. */
export function parseQuantity(q: unknown): number | undefined {
  if (typeof q === 'number') return Number.isFinite(q) ? q : undefined;
  if (typeof q !== 'string') return undefined;
  const m = QUANTITY.exec(q.trim());
  if (!m?.[1]) return undefined;
  const base = Number(m[1]);
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  const suffix = m[3] ?? '';
  return base * (BINARY[suffix] ?? DECIMAL[suffix] ?? 1);
}

/** CPU quantity in millicores, rounded (`250m` → 250, `2` → 2000). */
export function cpuMillicores(q: unknown): number | undefined {
  const v = parseQuantity(q);
  return v === undefined ? undefined : Math.round(v * 1000);
}

/** Memory quantity in bytes, rounded (`128Mi` → 134217728). */
export function memoryBytes(q: unknown): number | undefined {
  const v = parseQuantity(q);
  return v === undefined ? undefined : Math.round(v);
}

/** `1.25 cores` / `250m` style text for the UI and CLI. */
export function formatCpu(millicores: number): string {
  if (Math.abs(millicores) >= 1000)
    return `${(millicores / 1000).toFixed(millicores % 1000 === 0 ? 0 : 2)} cores`;
  return `${Math.round(millicores)}m`;
}

/** `1.5 GiB` / `128 MiB` style text for the UI and CLI. */
export function formatMemory(bytes: number): string {
  const abs = Math.abs(bytes);
  if (abs >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(abs % 2 ** 30 === 0 ? 0 : 2)} GiB`;
  if (abs >= 2 ** 20) return `${Math.round(bytes / 2 ** 20)} MiB`;
  if (abs >= 2 ** 10) return `${Math.round(bytes / 2 ** 10)} KiB`;
  return `${Math.round(bytes)} B`;
}
