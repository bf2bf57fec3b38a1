import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { stringify } from 'yaml';
import { generateCluster } from '../lib/testing/generate-cluster';
import { AppShell } from './pages/app';
import { TopologyPage } from './pages/topology';

/**
 * The Topology page on a generated platform of 400 namespaces, served by the production build from
 * a YAML dump on its own port (E2E_PORT + 2000): the namespace level has more nodes than the DOM
 * draws smoothly, so it is drawn on the canvas layer.
 */
const port = Number(process.env.E2E_PORT ?? 3100) + 2000;
const base = `http://127.0.0.1:${port}`;
let server: ChildProcess | undefined;
let dir = '';

test.describe.configure({ timeout: 300_000 });
test.use({ baseURL: base });

test.beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mm-e2e-scale-'));
  const file = path.join(dir, 'cluster.yaml');
  const objects = Object.values(generateCluster({ pods: 1_600, namespaces: 400 })).flat();
  await writeFile(file, objects.map((o) => stringify(o)).join('---\n'));
  server = spawn('node', ['scripts/serve.mjs'], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      MESH_MIGRATOR_FROM_FILES: file,
      MESH_MIGRATOR_CLUSTER: '',
      NEXT_TELEMETRY_DISABLED: '1',
    },
    stdio: 'ignore',
    detached: true,
  });
  for (const deadline = Date.now() + 240_000; ; ) {
    const up = await fetch(`${base}/api/summary`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) throw new Error(`the dashboard on ${base} did not start`);
    await new Promise((r) => setTimeout(r, 1000));
  }
});

test.afterAll(async () => {
  // The whole process group: serve.mjs and the server it starts.
  if (server?.pid) process.kill(-server.pid, 'SIGKILL');
  if (dir) await rm(dir, { recursive: true, force: true });
});

test.describe('topology at scale', () => {
  test('400 namespaces are drawn on the canvas layer; zoomed in, the nodes on screen are DOM nodes', async ({
    page,
  }) => {
    const app = new AppShell(page);
    const topo = new TopologyPage(page);
    await page.goto('/topology?level=namespaces');
    await expect(topo.stats).toContainText('one node per namespace', { timeout: 60_000 });
    await expect(topo.canvas).toHaveAttribute('data-render', 'canvas');
    await expect(topo.canvasLayer).toBeVisible();
    expect(Number(await topo.canvasLayer.getAttribute('data-nodes'))).toBeGreaterThan(400);
    // Zoomed out to the whole graph: nothing in the DOM but the canvas, which has drawn the nodes.
    await expect(topo.canvasLayer).toHaveAttribute('data-viewport', /./);
    await expect(topo.nodes).toHaveCount(0);
    const painted = await topo.canvasLayer.evaluate((c: HTMLCanvasElement) => {
      const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) n++;
      return n;
    });
    expect(painted).toBeGreaterThan(10_000);

    // Zoom in at the middle until few nodes are on screen: those are mounted as React Flow nodes.
    const box = await topo.canvas.boundingBox();
    if (!box) throw new Error('no canvas');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 14; i++) await page.mouse.wheel(0, -120);
    await expect(topo.nodes.first()).toBeAttached();
    const mounted = await topo.nodes.count();
    expect(mounted).toBeGreaterThan(0);
    expect(mounted).toBeLessThan(200);
    await expect(topo.nodes.first().getByTestId('collapsed-namespace')).toBeAttached();
    expect(app.consoleErrors).toEqual([]);
  });

  test('a namespace drawn on the canvas opens on a click and by keyboard', async ({ page }) => {
    const app = new AppShell(page);
    const topo = new TopologyPage(page);
    await page.goto('/topology?level=namespaces');
    await expect(topo.canvasLayer).toHaveAttribute('data-viewport', /./, { timeout: 60_000 });
    await expect(topo.nodes).toHaveCount(0);

    await topo.clickDrawn('level=namespaces', 'ns:team-123');
    await expect(page).toHaveURL(/expand=team-123/);
    // The opened namespace is brought into view, its frame and workloads mounted.
    const frame = topo.node('ns:team-123').getByTestId('namespace-group');
    await expect(frame).toBeVisible({ timeout: 60_000 });
    await expect(frame).toContainText('team-123');
    const workload = topo.canvas.locator('[aria-roledescription="node"][data-id^="wl:Deployment/team-123/"]');
    await expect(workload.first()).toBeVisible();
    await workload.first().getByTestId('graph-node').click();
    await expect(topo.sidePanel).toBeVisible();
    await expect(topo.sidePanel.getByRole('link', { name: 'namespace team-123' })).toBeVisible();

    // The same by keyboard, from the list of nodes drawn on the canvas.
    await topo.listedNode(/^namespace team-042,/).focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/expand=team-042%2Cteam-123|expand=team-042,team-123/);
    expect(app.consoleErrors).toEqual([]);
  });
});
