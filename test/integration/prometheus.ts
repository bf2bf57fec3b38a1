import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type SeriesSpec, startExporter } from './istio-exporter';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts Debian's Prometheus on loopback scraping `targets` every second, with its data in a temp
 * dir removed on stop. Resolves once Prometheus answers /-/ready.
 */
export async function startPrometheus(targets: string[]): Promise<{ url: string; stop(): Promise<void> }> {
  const bin = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';
  const dir = await mkdtemp(path.join(tmpdir(), 'mm-prom-'));
  const port = await freePort();
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  evaluation_interval: 1s',
    'scrape_configs:',
    '  - job_name: istio',
    '    static_configs:',
    `      - targets: [${targets.map((t) => `"${new URL(t).host}"`).join(', ')}]`,
  ].join('\n');
  await writeFile(path.join(dir, 'prometheus.yml'), config);
  const proc: ChildProcess = spawn(
    bin,
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  proc.stderr?.on('data', (d) => {
    stderr = (stderr + String(d)).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`prometheus exited (${proc.exitCode}): ${stderr}`);
    try {
      const r = await fetch(`${url}/-/ready`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`prometheus did not become ready: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    stop: async () => {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * An exporter serving `series` and a real Prometheus scraping it, resolved once `ready(url)` holds
 * (polled every second, up to 45 s) and `settleMs` more have passed so rate windows are full.
 * `stop` ends both; `exporter` lets a test change a series' rate while they run.
 */
export async function startScrapedSeries(
  series: SeriesSpec[],
  ready: (url: string) => Promise<boolean>,
  settleMs = 0,
): Promise<{ url: string; stop(): Promise<void> }> {
  const exporter = await startExporter(series);
  let prom: Awaited<ReturnType<typeof startPrometheus>>;
  try {
    prom = await startPrometheus([exporter.url]);
  } catch (e) {
    await exporter.stop();
    throw e;
  }
  const stop = async () => {
    await prom.stop();
    await exporter.stop();
  };
  const deadline = Date.now() + 45_000;
  while (!(await ready(prom.url).catch(() => false))) {
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Prometheus at ${prom.url} never had the exported series`);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  if (settleMs > 0) await new Promise((r) => setTimeout(r, settleMs));
  return { url: prom.url, stop };
}
