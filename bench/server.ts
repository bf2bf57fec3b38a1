/**
 * The real path: a generated cluster bulk-loaded into the test API server (real kube-apiserver +
 * etcd, real CRDs), then the production Next.js server started against it. Measured side by side
 * in one run: a raw paged list of the same kinds vs process start → /api/summary with full counts;
 * change → SSE and change → summary; /api/summary, /api/topology, /api/migration/NS; RSS per pod.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { KINDS, kindByKey } from '../lib/k8s/kinds';
import type { KubeObject } from '../lib/k8s/objects';
import { resourcePath } from '../lib/k8s/paths';
import { continueAheadProtobuf, PROTOBUF_ACCEPT, PROTOBUF_LISTS } from '../lib/k8s/protobuf';
import { apiRequest, bulkLoad, openTarget, type Target } from '../lib/testing/bulk-load';
import { generateObjects } from '../lib/testing/generate-cluster';
import { writePreload } from '../lib/testing/preload';
import { type ApiServer, apiServerBinary, startApiServer } from '../test/integration/apiserver';
import { type BenchContext, type BenchModule, load, ms, percentile, sizeLabel } from './report';
import { openEvents, type SseClient } from './sse';

const root = path.resolve(import.meta.dirname, '..');
const POD_KIND = kindByKey('pods');
const PORT = Number(process.env.BENCH_PORT ?? 3190);
const base = `http://127.0.0.1:${PORT}`;

/**
 * Every kind the product lists, read the way a careful client would: pages of 500, kinds in
 * parallel, uncompressed (the API server spends no CPU compressing), each page parsed. With
 * `protobuf`, the kinds the app reads as protobuf are asked for in it as the app asks, and their
 * pages only read to the end, not decoded (the continue token taken from the page's start).
 */
async function rawPagedList(t: Target, protobuf = false): Promise<number> {
  let objects = 0;
  await Promise.all(
    KINDS.map(async (d) => {
      let cont: string | undefined;
      const asProtobuf = protobuf && PROTOBUF_LISTS[d.key] !== undefined;
      do {
        const q = new URLSearchParams({ limit: '500', ...(cont ? { continue: cont } : {}) });
        if (d.labelSelector) q.set('labelSelector', d.labelSelector);
        try {
          if (asProtobuf) {
            const res = await request(`${t.origin}${resourcePath(d)}?${q}`, {
              dispatcher: t.agent,
              headers: { authorization: `Bearer ${t.token}`, accept: PROTOBUF_ACCEPT },
            });
            const body = Buffer.from(await res.body.arrayBuffer());
            if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
            cont = continueAheadProtobuf(body);
            continue;
          }
          const res = await apiRequest<{ items?: unknown[]; metadata?: { continue?: string } }>(
            t,
            'GET',
            `${resourcePath(d)}?${q}`,
          );
          objects += res.items?.length ?? 0;
          cont = res.metadata?.continue || undefined;
        } catch {
          cont = undefined; // a kind this server does not serve
        }
      } while (cont);
    }),
  );
  return objects;
}

/** Resident memory of a process and its children, in bytes (Linux /proc). */
function treeRss(pid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone
    }
  }
  let total = 0;
  const visit = (p: number) => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      total += Number(m?.[1] ?? 0) * 1024;
    } catch {
      // gone
    }
    for (const c of children.get(p) ?? []) visit(c);
  };
  visit(pid);
  return total;
}

async function getJson<T>(url: string): Promise<{ status: number; body: T | undefined }> {
  const res = await fetch(url);
  const text = await res.text();
  return { status: res.status, body: res.ok ? (JSON.parse(text) as T) : undefined };
}

interface Summary {
  revision: number;
  pods: { total: number };
  namespaces: { name: string; pods: { total: number } }[];
}

interface ServeScript {
  completeStandalone(): void;
  serverCommand(env: NodeJS.ProcessEnv): { command: string; args: string[]; env: NodeJS.ProcessEnv };
}

// scripts/serve.mjs, loaded once: it readies the standalone build and names the server's process.
let serve: ServeScript | undefined;

async function serveScript(): Promise<ServeScript> {
  if (!serve) {
    serve = (await import(path.join(root, 'scripts', 'serve.mjs'))) as ServeScript;
    serve.completeStandalone();
  }
  return serve;
}

/**
 * The server's process, started as scripts/serve.mjs and the image start it (Node with the preload,
 * then server.js), without the launcher in front: "process start" is the server's own.
 */
async function startApp(kubeconfig: string): Promise<ChildProcess> {
  const { command, args, env } = (await serveScript()).serverCommand({
    ...process.env,
    KUBECONFIG: kubeconfig,
    NODE_ENV: 'production',
    MESH_MIGRATOR_CLUSTER: '',
    HOST: '127.0.0.1',
    PORT: String(PORT),
  });
  return spawn(command, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * The process tree's RSS once the app has been left alone: V8 gives back the start's garbage when
 * allocation stops (its memory reducer, some seconds later). The lowest value over a quiet spell.
 */
async function settledRss(pid: number, seconds = 30): Promise<{ rss: number; seconds: number }> {
  let low = treeRss(pid);
  for (let i = 0; i < seconds; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    low = Math.min(low, treeRss(pid));
  }
  return { rss: low, seconds };
}

/** Polls /api/summary until it answers with every loaded pod counted; returns ms since `t0`. */
async function untilFullSummary(t0: number, pods: number, deadlineMs: number): Promise<number> {
  while (performance.now() - t0 < deadlineMs) {
    try {
      const r = await getJson<Summary>(`${base}/api/summary`);
      if (r.body && r.body.pods.total >= pods) return performance.now() - t0;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no full summary within ${deadlineMs / 1000} s`);
}

/** Polls /api/summary until no namespace's findings are pending; returns ms since `t0`. */
async function untilChecked(t0: number, deadlineMs: number): Promise<number> {
  while (performance.now() - t0 < deadlineMs) {
    const r = await getJson<{ findingsPending?: number }>(`${base}/api/summary`);
    if (r.body && r.body.findingsPending === 0) return performance.now() - t0;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`findings not checked within ${deadlineMs / 1000} s`);
}

const podFor = (ns: string, name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns, labels: { app: 'bench' } },
  spec: { containers: [{ name: 'app', image: 'example/bench:1.0' }] },
});

/** Creates a pod and times its arrival: the SSE `change` naming its namespace, then the updated count. */
async function oneChange(
  t: Target,
  sse: SseClient,
  ns: string,
  i: number,
): Promise<{ sse: number; summary: number }> {
  const before = (await getJson<{ namespace: { pods: { total: number } } }>(`${base}/api/namespaces/${ns}`))
    .body;
  const want = (before?.namespace.pods.total ?? 0) + 1;
  const t0 = performance.now();
  await apiRequest(t, 'POST', resourcePath(POD_KIND, ns), podFor(ns, `bench-${i}`));
  const sseMs = (await sse.next((e) => e.event === 'change' && includes(e.data, ns), { after: t0 })) - t0;
  // The first summary naming the namespace whose count then includes the pod.
  let after = t0;
  for (;;) {
    const at = await sse.next((e) => e.event === 'summary' && includes(e.data, ns), { after });
    const now = (await getJson<{ namespace: { pods: { total: number } } }>(`${base}/api/namespaces/${ns}`))
      .body;
    if ((now?.namespace.pods.total ?? 0) >= want) return { sse: sseMs, summary: performance.now() - t0 };
    after = at + 0.001;
  }
}

function includes(data: unknown, ns: string): boolean {
  const list = (data as { namespaces?: string[] }).namespaces;
  return !list || list.includes(ns);
}

/** Patches random pods' labels at `perSecond` until stopped: the stream of changes a live cluster has. */
function churn(t: Target, pods: KubeObject[], perSecond: number): () => Promise<number> {
  let stop = false;
  let sent = 0;
  const loop = (async () => {
    while (!stop) {
      const p = pods[Math.floor(Math.random() * pods.length)];
      if (p) {
        const d = POD_KIND;
        await apiRequest(
          t,
          'PATCH',
          resourcePath(d, p.metadata.namespace, p.metadata.name),
          { metadata: { labels: { churn: String(sent) } } },
          'application/merge-patch+json',
        ).catch(() => {});
        sent += 1;
      }
      await new Promise((r) => setTimeout(r, 1000 / perSecond));
    }
  })();
  return async () => {
    stop = true;
    await loop;
    return sent;
  };
}

/** The test API server started on `objects` written straight into its etcd (seconds, not an hour at 50k). */
async function preloadedApiServer(objects: KubeObject[]): Promise<ApiServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mm-bench-'));
  try {
    const file = path.join(dir, 'preload.jsonl');
    await writePreload(objects, file);
    return await startApiServer({ preload: [file], timeoutMs: 600_000 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The app's RSS when /api/health first answers (0 if it does not within two minutes of `t0`): the
 * app connects on its first cluster request, so this is its memory before reading the cluster.
 */
async function rssWhenAnswering(app: ChildProcess, t0: number): Promise<number> {
  let rss = 0;
  while (!rss && performance.now() - t0 < 120_000) {
    rss = await fetch(`${base}/api/health`)
      .then((r) => (r.ok ? treeRss(app.pid ?? 0) : 0))
      .catch(() => 0);
    if (!rss) await new Promise((r) => setTimeout(r, 50));
  }
  return rss;
}

/**
 * The app's settled memory on a cluster of `pods` pods (0: an empty test API server) after the same
 * requests as the measured app (health, then the summary until its findings are checked), left
 * alone as long. Over the empty cluster, the code a first request loads is not counted per pod; the
 * slope between a smaller cluster and the measured one leaves out whatever does not grow with it.
 */
async function settledAppRss(
  pods: number,
  namespaces: number,
): Promise<{ atStart: number; settled: number; pods: number }> {
  const cluster =
    pods === 0
      ? await startApiServer({})
      : await preloadedApiServer(generateObjects({ pods, namespaces, seed: 7, crds: false }));
  const app = await startApp(cluster.kubeconfig);
  try {
    const t0 = performance.now();
    const atStart = await rssWhenAnswering(app, t0);
    if (pods > 0) await untilFullSummary(t0, pods, 600_000);
    await untilChecked(t0, 600_000);
    return { atStart, settled: (await settledRss(app.pid ?? 0)).rss, pods };
  } finally {
    await stopApp(app);
    await cluster.stop();
  }
}

async function stopApp(app: ChildProcess): Promise<void> {
  if (app.exitCode !== null || app.signalCode !== null) return;
  const exited = new Promise((r) => app.once('exit', r));
  app.kill('SIGTERM');
  await exited;
}

// Requests of each series not counted: a route's first request loads its code, the next few run
// it before it is compiled. The series measure the running dashboard.
const WARM_UP = 5;

// Requests in each API latency series: a p95 of 40 requests is the second slowest of them, decided
// by one garbage collection. 200 sequential requests span several seconds of churn.
const REQUESTS = Number(process.env.MM_BENCH_REQUESTS ?? 200);

// Side-by-side pairs of a raw list and an app start: one start varies by a few hundred ms with
// what else the two cores do, so the ratio is the median of several.
const STARTS = Math.max(1, Number(process.env.MM_BENCH_STARTS ?? 5));

async function latencies(url: () => string, samples: number, warmUp = WARM_UP): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < warmUp + samples; i++) {
    const t0 = performance.now();
    const res = await fetch(url());
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${url()}: HTTP ${res.status}`);
    if (i >= warmUp) out.push(performance.now() - t0);
  }
  return out;
}

async function run(ctx: BenchContext): Promise<void> {
  if (!existsSync(apiServerBinary)) throw new Error(`build the test API server first: npm run cluster:build`);
  if (!existsSync(path.join(root, '.next', 'standalone', 'server.js')))
    throw new Error('build the app first: npx next build');
  const size = sizeLabel(ctx.pods);
  const add = (step: string, value: string, note?: string) =>
    ctx.rows.push({
      module: 'server',
      size,
      step,
      value,
      note: [note, `load ${load()}`].filter(Boolean).join(', '),
    });

  const objects = generateObjects({ pods: ctx.pods, namespaces: ctx.namespaces, seed: 42, crds: false });
  const pods = objects.filter((o) => o.kind === 'Pod');
  let api: ApiServer | undefined;
  let app: ChildProcess | undefined;
  try {
    ctx.log('server: the app on an empty cluster and on a fifth of the cluster, for the memory baselines');
    const empty = await settledAppRss(0, 0);
    add(
      'RSS of the app on an empty cluster, settled',
      `${Math.round(empty.settled / 1024 / 1024)} MB`,
      `${Math.round(empty.atStart / 1024 / 1024)} MB when it first answered; after the summary, lowest of 30 s without requests`,
    );
    const fifth = await settledAppRss(Math.round(ctx.pods / 5), Math.max(1, Math.round(ctx.namespaces / 5)));
    add(
      `RSS of the app on ${fifth.pods} pods, settled`,
      `${Math.round(fifth.settled / 1024 / 1024)} MB`,
      `${Math.round(ctx.namespaces / 5)} namespaces, the same proportions; after the summary, lowest of 30 s`,
    );
    if (process.env.MM_BENCH_LOAD === 'api') {
      ctx.log(`server: starting the test API server`);
      api = await startApiServer({});
      ctx.log(`server: loading ${objects.length} objects through the API`);
      const loaded = await bulkLoad(api.kubeconfig, objects, {
        concurrency: 32,
        onProgress: (d, n) => ctx.log(`server: loaded ${d}/${n}`),
      });
      add(
        'bulk load through the API',
        `${Math.round(loaded.created / (loaded.ms / 1000))}/s`,
        `${loaded.created} objects in ${ms(loaded.ms)}, ${loaded.failed.length} failed${loaded.failed[0] ? ` (first: ${loaded.failed[0].ref}: ${loaded.failed[0].message})` : ''}`,
      );
    } else {
      const tLoad = performance.now();
      ctx.log(`server: starting the test API server on ${objects.length} preloaded objects`);
      api = await preloadedApiServer(objects);
      add(
        'preload into etcd + API server start',
        ms(performance.now() - tLoad),
        `${objects.length} objects (MM_BENCH_LOAD=api creates them through the API instead)`,
      );
    }
    const t = openTarget(api.kubeconfig, 8);

    // Start → full counts against the raw list, side by side: pairs in turn against the same API
    // server (its caches warm after the first list), the median ratio reported; the last app stays.
    const ratios: number[] = [];
    const protobufRatios: number[] = [];
    const pairs: string[] = [];
    let t0 = 0;
    let baseline = 0;
    let startMs = 0;
    let rawMs = 0;
    let listed = 0;
    for (let i = 0; i < STARTS; i++) {
      const tList = performance.now();
      listed = await rawPagedList(t);
      rawMs = performance.now() - tList;
      const tProtobuf = performance.now();
      await rawPagedList(t, true);
      const protobufMs = performance.now() - tProtobuf;
      await serveScript();
      t0 = performance.now();
      app = await startApp(api.kubeconfig);
      const last = i === STARTS - 1;
      if (last) baseline = await rssWhenAnswering(app, t0);
      startMs = await untilFullSummary(t0, pods.length, 600_000);
      ratios.push(startMs / rawMs);
      protobufRatios.push(startMs / protobufMs);
      pairs.push(`${ms(rawMs)} / ${ms(protobufMs)} → ${ms(startMs)}`);
      if (!last) await stopApp(app);
    }
    if (!app) throw new Error('the app did not start');
    add('raw paged list, all kinds', ms(rawMs), `${listed} objects; the last of ${STARTS} lists`);
    add(
      'process start → /api/summary full counts',
      ms(startMs),
      `${(startMs / rawMs).toFixed(2)}× the raw paged list listed just before; the last of ${STARTS} starts`,
    );
    add(
      'start ÷ raw paged list, median',
      `${percentile(ratios, 50).toFixed(2)}×`,
      `${STARTS} pairs (raw JSON / raw as the app asks → start): ${pairs.join(', ')}; ratios ${ratios.map((r) => r.toFixed(2)).join(', ')} (target ≤ 1.5×)`,
    );
    add(
      'start ÷ raw paged list as the app asks for it, median',
      `${percentile(protobufRatios, 50).toFixed(2)}×`,
      `${Object.keys(PROTOBUF_LISTS).join(', ')} as protobuf, read but not decoded, the other kinds as JSON; ratios ${protobufRatios.map((r) => r.toFixed(2)).join(', ')}`,
    );
    const checkedMs = await untilChecked(t0, 600_000);
    add(
      'process start → findings checked in every namespace',
      ms(checkedMs),
      `${(checkedMs / rawMs).toFixed(2)}× the raw paged list; counts are shown before, blockers follow`,
    );
    const kbPerPod = (bytes: number) => `${(bytes / 1024 / pods.length).toFixed(1)} KB per pod`;
    const perPod = (rss: number) =>
      `${kbPerPod(rss)}; ${kbPerPod(rss - baseline)} over the ${Math.round(baseline / 1024 / 1024)} MB of this app when it first answered`;
    const rss = treeRss(app.pid ?? 0);
    add(
      'RSS right after summary',
      `${Math.round(rss / 1024 / 1024)} MB`,
      `${perPod(rss)} (heap not yet collected)`,
    );
    const settled = await settledRss(app.pid ?? 0);
    add(
      'RSS after summary, settled',
      `${Math.round(settled.rss / 1024 / 1024)} MB`,
      `${kbPerPod(settled.rss - empty.settled)} over the app on an empty cluster; ${perPod(settled.rss)}; lowest of ${settled.seconds} s without requests`,
    );
    const slope = (settled.rss - fifth.settled) / (pods.length - fifth.pods);
    add(
      'RSS per cached pod (slope)',
      `${(slope / 1024).toFixed(1)} KB`,
      `(settled here − settled on ${fifth.pods} pods) / ${pods.length - fifth.pods} pods, every kind in the same proportions (target ≤ 4 KB)`,
    );

    const sse = await openEvents(`${base}/api/events`);
    const stopChurn = churn(t, pods, 10);
    const namespaces = [...new Set(pods.map((p) => p.metadata.namespace ?? ''))].filter((n) =>
      n.startsWith('team-'),
    );
    const sseMs: number[] = [];
    const sumMs: number[] = [];
    for (let i = 0; i < ctx.samples; i++) {
      const ns = namespaces[(i * 7919) % namespaces.length] ?? 'team-000';
      const r = await oneChange(t, sse, ns, i);
      sseMs.push(r.sse);
      sumMs.push(r.summary);
    }
    const pick = () => namespaces[Math.floor(Math.random() * namespaces.length)] ?? 'team-000';
    const summaryLat = await latencies(() => `${base}/api/summary`, REQUESTS);
    const topoLat = await latencies(
      () => `${base}/api/topology`,
      Math.max(5, Math.floor(ctx.samples / 4)),
      2,
    );
    const migLat = await latencies(() => `${base}/api/migration/${pick()}`, REQUESTS);
    ctx.log(
      `server: /api/migration/NS under churn, in order: ${migLat.map((x) => Math.round(x)).join(' ')} ms`,
    );
    const one = pick();
    const migSame = await latencies(() => `${base}/api/migration/${one}`, REQUESTS);
    const churned = await stopChurn();
    const migQuiet = await latencies(() => `${base}/api/migration/${pick()}`, REQUESTS);
    sse.close();
    const tail = (v: number[]) => `p99 ${ms(percentile(v, 99))}, max ${ms(Math.max(...v))}`;
    const under = `${ctx.samples} samples, ${churned} pod patches at 10/s meanwhile`;
    add(
      'change → SSE p50 / p95',
      `${ms(percentile(sseMs, 50))} / ${ms(percentile(sseMs, 95))}`,
      `${under} (target p95 ≤ 300 ms)`,
    );
    add(
      'change → summary p50 / p95',
      `${ms(percentile(sumMs, 50))} / ${ms(percentile(sumMs, 95))}`,
      `${under} (target p95 ≤ 1 s)`,
    );
    add(
      '/api/summary p50 / p95',
      `${ms(percentile(summaryLat, 50))} / ${ms(percentile(summaryLat, 95))}`,
      `${summaryLat.length} requests after ${WARM_UP} not counted; ${tail(summaryLat)}`,
    );
    add(
      '/api/topology p50 / p95',
      `${ms(percentile(topoLat, 50))} / ${ms(percentile(topoLat, 95))}`,
      `${topoLat.length} requests after 2 not counted`,
    );
    add(
      '/api/migration/NS p50 / p95',
      `${ms(percentile(migLat, 50))} / ${ms(percentile(migLat, 95))}`,
      `${migLat.length} requests after ${WARM_UP} not counted, random namespaces; ${tail(migLat)} (target p95 ≤ 50 ms)`,
    );
    add(
      '/api/migration/NS, one namespace again p50 / p95',
      `${ms(percentile(migSame, 50))} / ${ms(percentile(migSame, 95))}`,
      `${migSame.length} requests under the same churn; ${tail(migSame)}`,
    );
    add(
      '/api/migration/NS without churn p50 / p95',
      `${ms(percentile(migQuiet, 50))} / ${ms(percentile(migQuiet, 95))}`,
      `${migQuiet.length} requests, random namespaces, no changes streaming in; ${tail(migQuiet)}`,
    );
    const rssEnd = treeRss(app.pid ?? 0);
    add(
      'RSS at the end',
      `${Math.round(rssEnd / 1024 / 1024)} MB`,
      `${(rssEnd / 1024 / pods.length).toFixed(1)} KB per pod`,
    );
    await t.agent.close();
  } finally {
    app?.kill('SIGTERM');
    await api?.stop();
  }
}

export const serverBench: BenchModule = {
  name: 'server',
  description: 'test API server + production Next.js server: start, live updates, API latency, memory',
  run,
};
