import 'server-only';
import { z } from 'zod';

const VectorResponse = z.object({
  status: z.string(),
  error: z.string().optional(),
  data: z
    .object({
      resultType: z.string(),
      result: z.array(
        z.object({ metric: z.record(z.string(), z.string()), value: z.tuple([z.number(), z.string()]) }),
      ),
    })
    .optional(),
});

export type PromSample = { metric: Record<string, string>; value: [number, string] };

/**
 * Runs an instant query against Prometheus' HTTP API, now or at `time`; errors carry Prometheus'
 * own message.
 */
export async function queryPrometheus(
  baseUrl: string,
  promql: string,
  signal?: AbortSignal,
  time?: Date,
): Promise<PromSample[]> {
  const url = new URL('/api/v1/query', baseUrl);
  url.searchParams.set('query', promql);
  if (time) url.searchParams.set('time', (time.getTime() / 1000).toFixed(3));
  let res: Response;
  try {
    res = await fetch(url, { signal: signal ?? AbortSignal.timeout(10_000) });
  } catch (e) {
    throw new Error(`cannot reach Prometheus at ${baseUrl}: ${(e as Error).message}`);
  }
  const body = VectorResponse.safeParse(await res.json().catch(() => undefined));
  if (!body.success)
    throw new Error(`Prometheus at ${baseUrl} answered HTTP ${res.status} with an unexpected body`);
  if (body.data.status !== 'success' || !body.data.data) {
    throw new Error(`Prometheus query failed: ${body.data.error ?? `HTTP ${res.status}`}`);
  }
  if (body.data.data.resultType !== 'vector')
    throw new Error(`expected a vector result, got ${body.data.data.resultType}`);
  return body.data.data.result;
}
