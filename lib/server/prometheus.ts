import 'server-only';
import { z } from 'zod';
import type { PromSample, PromSeries, QueryRange, TelemetrySource } from '../telemetry/source';

const Sample = z.object({
  metric: z.record(z.string(), z.string()),
  value: z.tuple([z.number(), z.string()]),
});

const Series = z.object({
  metric: z.record(z.string(), z.string()),
  values: z.array(z.tuple([z.number(), z.string()])),
});

const QueryResponse = z.object({
  status: z.string(),
  error: z.string().optional(),
  data: z
    .discriminatedUnion('resultType', [
      z.object({ resultType: z.literal('vector'), result: z.array(Sample) }),
      z.object({ resultType: z.literal('scalar'), result: z.tuple([z.number(), z.string()]) }),
      z.object({ resultType: z.literal('matrix'), result: z.array(Series) }),
      z.object({ resultType: z.literal('string'), result: z.unknown() }),
    ])
    .optional(),
});

export type { PromSample, PromSeries };

const unix = (d: Date) => (d.getTime() / 1000).toFixed(3);

/** GETs one query endpoint of Prometheus' HTTP API and returns its validated `data`. */
async function fetchData(url: URL, baseUrl: string, signal?: AbortSignal) {
  let res: Response;
  try {
    res = await fetch(url, { signal: signal ?? AbortSignal.timeout(10_000) });
  } catch (e) {
    throw new Error(`cannot reach Prometheus at ${baseUrl}: ${(e as Error).message}`);
  }
  const body = QueryResponse.safeParse(await res.json().catch(() => undefined));
  if (!body.success)
    throw new Error(`Prometheus at ${baseUrl} answered HTTP ${res.status} with an unexpected body`);
  if (body.data.status !== 'success' || !body.data.data) {
    throw new Error(`Prometheus query failed: ${body.data.error ?? `HTTP ${res.status}`}`);
  }
  return body.data.data;
}

/**
 * Runs an instant query against Prometheus' HTTP API at `time` (default: the server's now). A scalar
 * comes back as one sample without labels; errors carry Prometheus' own message.
 */
export async function queryPrometheus(
  baseUrl: string,
  promql: string,
  signal?: AbortSignal,
  time?: Date,
): Promise<PromSample[]> {
  const url = new URL('/api/v1/query', baseUrl);
  url.searchParams.set('query', promql);
  if (time) url.searchParams.set('time', unix(time));
  const data = await fetchData(url, baseUrl, signal);
  if (data.resultType === 'vector') return data.result;
  if (data.resultType === 'scalar') return [{ metric: {}, value: data.result }];
  throw new Error(`expected a vector result, got ${data.resultType}`);
}

/** Runs a range query (`/api/v1/query_range`) and returns its matrix; errors carry Prometheus' own message. */
export async function queryRangePrometheus(
  baseUrl: string,
  promql: string,
  range: QueryRange,
  signal?: AbortSignal,
): Promise<PromSeries[]> {
  const url = new URL('/api/v1/query_range', baseUrl);
  url.searchParams.set('query', promql);
  url.searchParams.set('start', unix(range.start));
  url.searchParams.set('end', unix(range.end));
  url.searchParams.set('step', String(range.stepSeconds));
  const data = await fetchData(url, baseUrl, signal);
  if (data.resultType === 'matrix') return data.result;
  throw new Error(`expected a matrix result, got ${data.resultType}`);
}

/** A real Prometheus as a {@link TelemetrySource}. */
export class PrometheusTelemetry implements TelemetrySource {
  readonly kind = 'prometheus' as const;
  constructor(readonly url: string) {}

  get description(): string {
    return this.url;
  }

  query(promql: string, time?: Date): Promise<PromSample[]> {
    return queryPrometheus(this.url, promql, undefined, time);
  }

  queryRange(promql: string, range: QueryRange): Promise<PromSeries[]> {
    return queryRangePrometheus(this.url, promql, range);
  }
}
