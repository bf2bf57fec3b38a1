import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * One counter series that grows by `perSecond` per second; or, with `gauge`, a gauge that stays at
 * that value. A test may change `perSecond` while the exporter runs (traffic before and after a
 * change): the counter keeps what it reached so far.
 */
export interface SeriesSpec {
  name: string;
  labels: Record<string, string>;
  perSecond: number;
  gauge?: number;
}

/**
 * A small HTTP exporter that serves Istio-shaped counters (istio_requests_total, istio_tcp_*) and
 * cAdvisor-shaped proxy metrics (container_*) for a real Prometheus to scrape. Linear counters
 * make the expected rate exact. `startScrapedSeries` (./prometheus) starts one with its Prometheus.
 */
export async function startExporter(series: SeriesSpec[]): Promise<{ url: string; stop(): Promise<void> }> {
  let last = Date.now();
  const values = series.map(() => 0);
  const server: Server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    const now = Date.now();
    const elapsed = (now - last) / 1000;
    last = now;
    series.forEach((s, i) => {
      values[i] = (values[i] ?? 0) + s.perSecond * elapsed;
    });
    const names = [...new Set(series.map((s) => s.name))];
    const lines: string[] = [];
    for (const n of names) {
      lines.push(
        `# TYPE ${n} ${series.some((s) => s.name === n && s.gauge !== undefined) ? 'gauge' : 'counter'}`,
      );
      for (const [i, s] of series.entries()) {
        if (s.name !== n) continue;
        const labels = Object.entries(s.labels)
          .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
          .join(',');
        lines.push(`${n}{${labels}} ${s.gauge ?? (values[i] ?? 0).toFixed(3)}`);
      }
    }
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(`${lines.join('\n')}\n`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((r) => server.close(() => r())),
  };
}
