/** Istio durations (`1.5s`, `300ms`, `1m30s`, `2us`) to Gateway API durations (`^([0-9]{1,5}(h|m|s|ms)){1,4}$`). */

const UNIT_MS: Record<string, number> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 0.000001,
};
const PART = /(\d+(?:\.\d+)?|\.\d+)(h|ms|m|s|us|µs|ns)/y;

export interface ParsedDuration {
  /** Whole milliseconds, rounded up. */
  ms: number;
  /** True when the value had a sub-millisecond part that was rounded. */
  rounded: boolean;
}

/** Parses a Go/protobuf-style duration; undefined when it is not one. */
export function parseDuration(s: string): ParsedDuration | undefined {
  const text = s.trim();
  if (text === '0') return { ms: 0, rounded: false };
  if (text === '') return undefined;
  let total = 0;
  PART.lastIndex = 0;
  let pos = 0;
  while (pos < text.length) {
    PART.lastIndex = pos;
    const m = PART.exec(text);
    if (!m || m.index !== pos) return undefined;
    total += Number(m[1]) * (UNIT_MS[m[2] as string] ?? 0);
    pos = PART.lastIndex;
  }
  // Float noise (0.1s = 100.00000000000001 ms) must not count as rounding.
  const clean = Math.round(total * 1e6) / 1e6;
  const ms = Math.ceil(clean);
  return { ms, rounded: ms !== clean };
}

/** Formats milliseconds in the Gateway API form, largest units first (`1h2m3s400ms`, `0s`). */
export function formatDuration(totalMs: number): string {
  if (totalMs <= 0) return '0s';
  let rest = Math.round(totalMs);
  const parts: string[] = [];
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  const ms = rest - s * 1000;
  // More than 99999h cannot be written; such timeouts mean "never" anyway.
  if (h > 99_999) return '99999h';
  if (h) parts.push(`${h}h`);
  if (m) parts.push(`${m}m`);
  if (s) parts.push(`${s}s`);
  if (ms) parts.push(`${ms}ms`);
  return parts.join('');
}
