import { expect, test } from '@playwright/test';
import { AppShell } from './pages/app';
import { applyDemoYaml, fetchSummary, NamespaceDetailPage, NamespacesPage } from './pages/namespaces';
import { TopologyPage } from './pages/topology';

/** What the demo scenario says each namespace is (scenarios/demo/*.yaml). */
const EXPECTED_STATE: Record<string, string> = {
  bookinfo: 'sidecar',
  shop: 'sidecar',
  'legacy-billing': 'sidecar',
  inventory: 'ambient',
  orders: 'ambient-l7',
  'checkout-v2': 'mixed',
  monitoring: 'out-of-mesh',
  batch: 'out-of-mesh',
  'team-d': 'out-of-mesh',
};

test.describe('see: overview and namespaces', () => {
  test('overview shows ambient readiness and the pod totals', async ({ page, request }) => {
    const app = new AppShell(page);
    const s = await fetchSummary(request);
    await app.open('/');
    await expect(page.getByTestId('ambient-ready')).toHaveText('ready');
    for (const check of ['istiod', 'ztunnel', 'istio-cni', 'Gateway API']) {
      await expect(page.getByTestId(`readiness-${check}`)).toHaveAttribute('data-ok', 'true');
    }
    const p = s.pods;
    // orders (10 app pods) and inventory (5) run on ztunnel in the scenario.
    expect(p.ambient).toBeGreaterThanOrEqual(15);
    expect(p.sidecar).toBeGreaterThan(0);
    expect(p.sidecar + p.ambient + p.ambientPending + p.none).toBe(p.total);
    await expect(page.getByTestId('pod-totals')).toHaveText(
      `${p.total} pods: ${p.sidecar} sidecar, ${p.ambient} ztunnel, ${p.ambientPending} pending, ${p.none} none`,
    );
    for (const state of ['sidecar', 'mixed', 'ambient', 'ambient-l7', 'out-of-mesh']) {
      const n = s.namespaces.filter((ns) => ns.state === state).length;
      await expect(page.getByTestId(`ns-state-${state}`)).toHaveText(String(n));
    }
    expect(app.consoleErrors).toEqual([]);
  });

  test('namespaces table lists the demo namespaces with their states and blockers', async ({
    page,
    request,
  }) => {
    const app = new AppShell(page);
    const table = new NamespacesPage(page);
    const s = await fetchSummary(request);
    await table.open();
    await expect(table.count).toHaveText(`${s.namespaces.length} of ${s.namespaces.length} namespaces`);
    for (const [name, state] of Object.entries(EXPECTED_STATE)) {
      expect(s.namespaces.find((n) => n.name === name)?.state, name).toBe(state);
      await expect(table.state(name), name).toHaveAttribute('data-state', state);
    }
    for (const ns of s.namespaces) {
      await expect(table.state(ns.name)).toHaveAttribute('data-state', ns.state);
      await expect(table.cell(ns.name, 'pods')).toHaveText(String(ns.pods.total));
    }
    // Blockers may still read "checking…" for a moment after the server starts.
    await expect
      .poll(async () =>
        Number(await table.cell('legacy-billing', 'blockers').locator('span').first().textContent()),
      )
      .toBeGreaterThan(0);
    await expect(table.cell('inventory', 'blockers')).toHaveText('0');
    // One warning is a warning, not "warnings".
    await expect(table.cell('istio-system', 'blockers')).toHaveText(/^0\s*\+1 warning$/);
    await expect(table.cell('orders', 'waypoint')).toHaveText('orders/waypoint');
    expect(app.consoleErrors).toEqual([]);
  });

  test('filtering by text and by state hides rows; sorting by pods orders them', async ({ page }) => {
    const app = new AppShell(page);
    const table = new NamespacesPage(page);
    await table.open();
    const all = await table.visibleNames();

    await table.textFilter.fill('team-');
    await expect(table.row('bookinfo')).toBeHidden();
    expect(await table.visibleNames()).toEqual(['team-a', 'team-b', 'team-c', 'team-d', 'team-e', 'team-f']);
    await expect(table.count).toHaveText(`6 of ${all.length} namespaces`);

    await table.stateFilter.selectOption('out-of-mesh');
    expect(await table.visibleNames()).toEqual(['team-d', 'team-e']);

    await table.textFilter.fill('');
    await expect(table.row('bookinfo')).toBeHidden();
    await expect(table.row('monitoring')).toBeVisible();
    for (const name of await table.visibleNames()) {
      await expect(table.state(name)).toHaveAttribute('data-state', 'out-of-mesh');
    }

    await table.stateFilter.selectOption('');
    await expect(table.row('bookinfo')).toBeVisible();
    expect(await table.visibleNames()).toEqual(all);

    await table.sortBy('Pods').click();
    await expect(table.columnHeader('Pods')).toHaveAttribute('aria-sort', 'ascending');
    const asc = await table.visiblePodCounts();
    expect(asc).toHaveLength(all.length);
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    expect(asc[0]).toBeLessThan(asc[asc.length - 1] ?? 0);

    await table.sortBy('Pods').click();
    await expect(table.columnHeader('Pods')).toHaveAttribute('aria-sort', 'descending');
    const desc = await table.visiblePodCounts();
    expect(desc).toEqual([...asc].sort((a, b) => b - a));
    expect(app.consoleErrors).toEqual([]);
  });

  test('a namespace opens with its workloads, data-plane badges and findings', async ({ page }) => {
    const app = new AppShell(page);
    const table = new NamespacesPage(page);
    const detail = new NamespaceDetailPage(page);
    await table.open();
    await table.openNamespace('bookinfo');
    await expect(detail.heading('bookinfo')).toBeVisible();
    await expect(detail.state).toHaveAttribute('data-state', 'sidecar');
    for (const w of [
      'productpage-v1',
      'details-v1',
      'ratings-v1',
      'reviews-v1',
      'reviews-v2',
      'reviews-v3',
    ]) {
      await detail.expectWorkloadDataplane('Deployment', w, 'sidecar');
    }
    await expect(detail.workloadDataplane('Deployment', 'productpage-v1')).toHaveText('sidecar');
    await expect(detail.workload('Deployment', 'productpage-v1').getByRole('cell').nth(2)).toHaveText('3');
    // The fault-injection rule of VirtualService ratings cannot be carried over: a blocker.
    const blockers = detail.findingsBySeverity('blocker');
    await expect(blockers.filter({ hasText: 'VirtualService/bookinfo/ratings' })).toHaveCount(1);
    await expect(detail.findingsBySeverity('warning').first()).toBeVisible();

    await detail.open('inventory');
    await expect(detail.state).toHaveAttribute('data-state', 'ambient');
    await detail.expectWorkloadDataplane('Deployment', 'stock', 'ambient');
    await expect(detail.workloadDataplane('Deployment', 'stock')).toHaveText('ztunnel');

    await detail.open('orders');
    await expect(detail.service('orders-api').getByRole('cell').nth(2)).toHaveText('orders/waypoint');

    await detail.open('legacy-billing');
    await expect(detail.findingsBySeverity('blocker').first()).toBeVisible();
    expect(app.consoleErrors).toEqual([]);
  });
});

test.describe('see: topology', () => {
  test('the graph draws the demo nodes with their data planes', async ({ page }) => {
    const app = new AppShell(page);
    const topo = new TopologyPage(page);
    await topo.open('level=workloads');
    for (const w of ['productpage-v1', 'details-v1', 'reviews-v1', 'ratings-v1']) {
      await topo.expectDataplane(`wl:Deployment/bookinfo/${w}`, 'sidecar');
    }
    for (const w of ['stock', 'warehouse-sync']) {
      await topo.expectDataplane(`wl:Deployment/inventory/${w}`, 'ztunnel');
    }
    for (const svc of ['orders-api', 'orders-api-stable', 'orders-api-canary', 'order-history']) {
      await topo.expectDataplane(`svc:orders/${svc}`, 'waypoint-covered');
    }
    await expect(topo.card('wp:orders/waypoint')).toHaveAttribute('data-type', 'waypoint');
    await expect(topo.card('svc:bookinfo/reviews')).toHaveAttribute('data-type', 'service');
    for (const ns of ['bookinfo', 'shop', 'orders', 'inventory', 'legacy-billing', 'team-f']) {
      await expect(topo.node(`ns:${ns}`).getByTestId('namespace-group')).toBeAttached();
    }
    expect(app.consoleErrors).toEqual([]);
  });

  test('the data-plane filter hides sidecar nodes and keeps ztunnel ones', async ({ page }) => {
    const app = new AppShell(page);
    const topo = new TopologyPage(page);
    await topo.open('level=workloads');
    await expect(topo.node('wl:Deployment/bookinfo/productpage-v1')).toBeAttached();
    await topo.dataplaneFilter('sidecar').click();
    await expect(page).toHaveURL(/dp=/);
    await topo.expectGone('wl:Deployment/bookinfo/productpage-v1');
    await expect(topo.dataplaneFilter('sidecar')).not.toBeChecked();
    await expect(topo.dataplaneFilter('ztunnel')).toBeChecked();
    await topo.expectDataplane('wl:Deployment/inventory/stock', 'ztunnel');
    await topo.expectDataplane('svc:orders/orders-api', 'waypoint-covered');
    const planes = await topo.canvas
      .getByTestId('graph-node')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-dataplane')));
    expect(planes.length).toBeGreaterThan(0);
    expect(planes).not.toContain('sidecar');
    expect(app.consoleErrors).toEqual([]);
  });

  test('the namespace filter shows only the chosen namespace', async ({ page }) => {
    const app = new AppShell(page);
    const topo = new TopologyPage(page);
    await topo.open('level=workloads');
    await topo.chooseNamespace('inventory');
    await expect(page).toHaveURL(/ns=inventory/);
    await topo.expectGone('wl:Deployment/bookinfo/productpage-v1');
    await expect(topo.node('wl:Deployment/inventory/stock')).toBeAttached();
    const ids = await topo.nodeIds();
    expect(ids.sort()).toEqual([
      'ns:inventory',
      'svc:inventory/stock',
      'wl:Deployment/inventory/stock',
      'wl:Deployment/inventory/warehouse-sync',
    ]);
    expect(app.consoleErrors).toEqual([]);
  });

  test('search narrows the graph to the matching nodes', async ({ page }) => {
    const app = new AppShell(page);
    const topo = new TopologyPage(page);
    // Configuration edges only: observed traffic would add productpage, a caller of reviews, as a neighbour.
    await topo.open('level=workloads&edges=config');
    await topo.search('reviews');
    await expect(page).toHaveURL(/q=reviews/);
    await topo.expectGone('wl:Deployment/bookinfo/productpage-v1');
    await expect(topo.node('svc:bookinfo/reviews')).toBeAttached();
    const found = (await topo.nodeIds()).filter((id) => !id.startsWith('ns:'));
    expect(found.sort()).toEqual([
      'svc:bookinfo/reviews',
      'wl:Deployment/bookinfo/reviews-v1',
      'wl:Deployment/bookinfo/reviews-v2',
      'wl:Deployment/bookinfo/reviews-v3',
    ]);
    expect(app.consoleErrors).toEqual([]);
  });

  test('clicking a node opens its details; clicking a namespace opens its page', async ({ page }) => {
    const app = new AppShell(page);
    const topo = new TopologyPage(page);
    await topo.open('ns=bookinfo');
    await expect(topo.sidePanel).toBeHidden();
    await topo.card('wl:Deployment/bookinfo/productpage-v1').click();
    await expect(topo.sidePanel).toBeVisible();
    await expect(topo.sidePanel.getByRole('heading', { name: 'productpage-v1' })).toBeVisible();
    await expect(topo.sidePanel).toContainText('workload');
    await expect(topo.sidePanel).toContainText('Sidecar');
    await expect(topo.sidePanel.getByRole('link', { name: 'namespace bookinfo' })).toBeVisible();
    // The productpage Service selects this workload's pods.
    await expect(
      topo.sidePanel.getByRole('listitem').filter({ hasText: 'productpage' }).first(),
    ).toBeVisible();
    await topo.sidePanel.getByRole('button', { name: 'Close details' }).click();
    await expect(topo.sidePanel).toBeHidden();

    await topo.clickNamespaceGroup('bookinfo');
    await expect(page).toHaveURL(/\/namespaces\/bookinfo$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Namespace bookinfo' })).toBeVisible();
    expect(app.consoleErrors).toEqual([]);
  });
});

test.describe('see: live', () => {
  test('a workload moving from sidecar to ztunnel changes on the graph and in the tables without a reload', async ({
    page,
    context,
    request,
  }) => {
    const id = 'wl:Deployment/team-a/notifier';
    const graphShell = new AppShell(page);
    const topo = new TopologyPage(page);
    await topo.open('ns=team-a');
    await topo.expectDataplane(id, 'sidecar');

    const tablePage = await context.newPage();
    const tableShell = new AppShell(tablePage);
    const table = new NamespacesPage(tablePage);
    await table.open();
    await expect(table.state('team-a')).toHaveAttribute('data-state', 'sidecar');

    const detailPage = await context.newPage();
    const detailShell = new AppShell(detailPage);
    const detail = new NamespaceDetailPage(detailPage);
    await detail.open('team-a');
    await detail.expectWorkloadDataplane('Deployment', 'notifier', 'sidecar');

    // A reload would drop this marker.
    for (const p of [page, tablePage, detailPage])
      await p.evaluate(() => Object.assign(window, { e2eMarker: 1 }));

    // Step 1: ambient intent on the namespace; running pods keep their sidecar until restarted.
    await applyDemoYaml(
      request,
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n  labels:\n    istio.io/dataplane-mode: ambient\n',
    );
    await topo.expectDataplane(id, 'pending');
    await detail.expectWorkloadDataplane('Deployment', 'notifier', 'ambient-pending');
    await expect(table.state('team-a')).not.toHaveAttribute('data-state', 'sidecar');

    // Step 2: restart the workload without injection; istio-cni captures the new pods.
    await applyDemoYaml(
      request,
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: { name: notifier, namespace: team-a }',
        'spec:',
        '  template:',
        '    metadata:',
        '      labels: { sidecar.istio.io/inject: "false" }',
        `      annotations: { kubectl.kubernetes.io/restartedAt: "${new Date().toISOString()}" }`,
        '',
      ].join('\n'),
    );
    await topo.expectDataplane(id, 'ztunnel');
    await topo.expectDataplane('wl:Deployment/team-a/api', 'pending');
    await detail.expectWorkloadDataplane('Deployment', 'notifier', 'ambient');
    await expect(detail.workloadDataplane('Deployment', 'notifier')).toHaveText('ztunnel');

    const s = await fetchSummary(request);
    const teamA = s.namespaces.find((n) => n.name === 'team-a');
    expect(teamA?.pods.ambient).toBeGreaterThan(0);
    expect(teamA?.pods.sidecar).toBe(0);
    await expect(table.state('team-a')).toHaveAttribute('data-state', teamA?.state ?? '');
    await expect(table.cell('team-a', 'coverage').getByRole('img')).toHaveAccessibleName(
      new RegExp(`ztunnel ${teamA?.pods.ambient}\\b`),
    );

    for (const p of [page, tablePage, detailPage]) {
      expect(await p.evaluate(() => 'e2eMarker' in window)).toBe(true);
    }
    expect([...graphShell.consoleErrors, ...tableShell.consoleErrors, ...detailShell.consoleErrors]).toEqual(
      [],
    );
  });
});
