/**
 * Zoom smoothness of the Topology page on a generated platform, measured in real Chromium:
 * writes a generated cluster (default 20,000 pods) as a YAML dump, serves the production build on
 * it (`MESH_MIGRATOR_FROM_FILES`), opens /topology at each level of detail, zooms in and out with
 * the mouse wheel and records the time between animation frames. Prints p50/p95/max frame times.
 *
 * Also times "Go to a node" to a workload from the default view; `MM_TOPOLOGY_SHOTS=<dir>` keeps
 * screenshots of each first view and of the jump.
 *
 * Needs `npx next build` first and Debian's chromium (headless, as the e2e suites launch it). Run: `npm run bench:topology -- [pods] [namespaces] [port]`.
 * `MM_TOPOLOGY_BASELINE=<dir>/server.js` (a copy of another build's `.next/standalone`, with its
 * `.next/static` inside) measures that build first, in the same run, for a side-by-side ratio.
 * `MM_TOPOLOGY_LEVELS` lists the levels (default `auto,namespaces`).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from '@playwright/test';
import { stringify } from 'yaml';
import { chromiumLaunch } from '../e2e/chromium';
import { generateCluster } from '../lib/testing/generate-cluster';

const pods = Number(process.argv[2] ?? 20_000);
const namespaces = Number(process.argv[3] ?? 2_000);
const port = Number(process.argv[4] ?? process.env.E2E_PORT ?? 3190);
const base = `http://127.0.0.1:${port}`;
const levels = (process.env.MM_TOPOLOGY_LEVELS ?? 'auto,namespaces').split(',');
const DRAWN = '[aria-roledescription="node"], [data-testid="topology-canvas-layer"]';

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

async function waitForServer(deadline: number): Promise<void> {
  for (;;) {
    try {
      const r = await fetch(`${base}/api/summary`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server on ${base} did not answer in time`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Zooms around the canvas centre with the wheel and returns the frame intervals seen meanwhile. */
async function zoomFrames(page: Page): Promise<number[]> {
  const box = await page.getByTestId('topology-canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  // A string, not a function: the bench runner's transpiler would wrap a function with helpers the page lacks.
  await page.evaluate(`(() => {
    window.frames_ = [];
    window.rec_ = true;
    let last = performance.now();
    const tick = (t) => {
      window.frames_.push(t - last);
      last = t;
      if (window.rec_) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 15; i++) {
      await page.mouse.wheel(0, -120);
      await page.waitForTimeout(16);
    }
    for (let i = 0; i < 15; i++) {
      await page.mouse.wheel(0, 120);
      await page.waitForTimeout(16);
    }
  }
  return page.evaluate<number[]>('(() => { window.rec_ = false; return window.frames_.slice(1); })()');
}

/**
 * From the default view, jumps to a workload deep in the list with "Go to a node" and returns the
 * time until it is drawn in the viewport (screenshot in `shots` when given).
 */
async function goTo(page: Page, target: string, shots: string | undefined): Promise<number> {
  const t = Date.now();
  const box = page.getByRole('searchbox', { name: 'Go to a node' });
  await box.fill(target);
  await box.press('Enter');
  const node = page.locator(`[aria-roledescription="node"][data-id="wl:Deployment/${target}"]`);
  await node.waitFor({ timeout: 600_000 });
  await page.waitForFunction(
    `(() => { const el = document.querySelector('[aria-roledescription="node"][data-id="wl:Deployment/${target}"]');
      if (!el) return false; const r = el.getBoundingClientRect();
      return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth; })()`,
    undefined,
    { timeout: 600_000 },
  );
  const ms = Date.now() - t;
  // Let the fit animation end before the picture.
  await page.waitForTimeout(600);
  if (shots) await page.screenshot({ path: path.join(shots, 'topology-go-to.png') });
  return ms;
}

async function main() {
  const dir = await mkdtemp(path.join(tmpdir(), 'mm-topology-bench-'));
  const file = path.join(dir, 'cluster.yaml');
  const rs = generateCluster({ pods, namespaces });
  const objects = Object.values(rs).flat();
  await writeFile(file, objects.map((o) => stringify(o)).join('---\n'));
  const browser = await chromium.launch(chromiumLaunch);
  try {
    console.log(
      `Topology zoom, ${pods} pods in ${rs.namespaces.length} namespaces (${objects.length} objects), load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    const builds: [string, string | undefined][] = [
      ...(process.env.MM_TOPOLOGY_BASELINE
        ? [['baseline', path.resolve(process.env.MM_TOPOLOGY_BASELINE)] as [string, string]]
        : []),
      ['this build', undefined],
    ];
    for (const [name, server] of builds) {
      const stop = serve(file, server);
      try {
        await waitForServer(Date.now() + 600_000);
        console.log(`${name}:`);
        await measure(
          browser,
          rs.namespaces.length,
          name === 'baseline' ? undefined : process.env.MM_TOPOLOGY_SHOTS,
        );
      } finally {
        stop();
      }
    }
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Serves the standalone build (`next start` does not serve it) on the dump; returns how to stop it. */
function serve(file: string, serverJs: string | undefined): () => void {
  const env = {
    ...process.env,
    HOST: '127.0.0.1',
    HOSTNAME: '127.0.0.1',
    MESH_MIGRATOR_BIND: '127.0.0.1',
    PORT: String(port),
    MESH_MIGRATOR_FROM_FILES: file,
    MESH_MIGRATOR_CLUSTER: '',
    NEXT_TELEMETRY_DISABLED: '1',
  };
  const node24 = path.resolve('node_modules/node/bin/node');
  const server = serverJs
    ? spawn(existsSync(node24) ? node24 : process.execPath, [serverJs], {
        env,
        stdio: 'ignore',
        detached: true,
      })
    : spawn('node', ['scripts/serve.mjs'], { env, stdio: 'ignore', detached: true });
  // The server ignores SIGTERM while it computes: end the whole group it runs in at once.
  return () => {
    if (server.pid) process.kill(-server.pid, 'SIGKILL');
  };
}

/** Opens each level, zooms, prints a row; from the default view also times "Go to". */
async function measure(browser: Browser, namespaces: number, shots: string | undefined) {
  console.log('level        render  DOM nodes  canvas nodes  first view ms  frames  p50 ms  p95 ms  max ms');
  const digits = Math.max(3, String(namespaces - 1).length);
  const target = `team-${String(Math.floor(namespaces * 0.6)).padStart(digits, '0')}/app-0`;
  for (const level of levels) {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const t = Date.now();
    await page.goto(`${base}/topology${level === 'auto' ? '' : `?level=${level}`}`, { timeout: 600_000 });
    await page.getByTestId('graph-stats').waitFor({ timeout: 600_000 });
    await page.locator(DRAWN).first().waitFor({ timeout: 600_000 });
    const firstView = Date.now() - t;
    // Let the first fit and draw happen before the picture and the count.
    await page.waitForTimeout(300);
    if (shots) await page.screenshot({ path: path.join(shots, `topology-${level}.png`) });
    const dom = await page.locator('[aria-roledescription="node"]').count();
    const layer = page.getByTestId('topology-canvas-layer');
    const canvasNodes = (await layer.count()) ? await layer.getAttribute('data-nodes') : '—';
    const render = (await page.getByTestId('topology-canvas').getAttribute('data-render')) ?? 'dom';
    const frames = await zoomFrames(page);
    console.log(
      [
        level.padEnd(12),
        render.padStart(6),
        String(dom).padStart(10),
        String(canvasNodes).padStart(13),
        String(firstView).padStart(14),
        String(frames.length).padStart(7),
        percentile(frames, 50).toFixed(1).padStart(7),
        percentile(frames, 95).toFixed(1).padStart(7),
        Math.max(...frames)
          .toFixed(1)
          .padStart(7),
      ].join(' '),
    );
    if (level === 'auto')
      console.log(`  go to ${target} from the default view: ${await goTo(page, target, shots)} ms`);
    await page.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
