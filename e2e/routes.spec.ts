import { readFile } from 'node:fs/promises';
import { type APIRequestContext, expect, test } from '@playwright/test';
import { parseAllDocuments } from 'yaml';
import { applyDemoYaml } from './pages/api';
import { AppShell } from './pages/app';
import { RoutesPage } from './pages/routes';

/** The VirtualServices of bookinfo and how many `http` rules each has (scenarios/demo/10-bookinfo.yaml). */
const VIRTUAL_SERVICES = { bookinfo: 2, details: 1, ratings: 2, reviews: 2 } as const;

interface RoutesCounts {
  new: number;
  changed: number;
  unchanged: number;
  errors: number;
  warnings: number;
}

async function routesCounts(request: APIRequestContext, query: string): Promise<RoutesCounts> {
  const res = await request.get(`/api/routes?${query}`);
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { counts: RoutesCounts }).counts;
}

async function applyYaml(request: APIRequestContext, yaml: string) {
  await applyDemoYaml(request, yaml);
}

test.describe('routes', () => {
  test('each VirtualService of bookinfo sits beside its HTTPRoute, rule by rule', async ({
    page,
    request,
  }) => {
    const app = new AppShell(page);
    const routes = new RoutesPage(page);
    await routes.open('bookinfo');
    await expect(routes.namespaceSelect).toHaveValue('bookinfo');
    await expect(routes.source('Gateway/bookinfo/bookinfo-gateway')).toBeVisible();
    await expect(
      routes.output('Gateway/bookinfo/bookinfo-gateway', 'Gateway/bookinfo/bookinfo-gateway'),
    ).toBeVisible();
    for (const [name, rules] of Object.entries(VIRTUAL_SERVICES)) {
      const ref = `VirtualService/bookinfo/${name}`;
      const route = `HTTPRoute/bookinfo/${name}`;
      await expect(routes.source(ref)).toBeVisible();
      await expect(routes.source(ref).getByTestId(/^rule-spec\.http\[\d+\]$/)).toHaveCount(rules);
      for (let i = 0; i < rules; i++) {
        const becomes = routes.rule(ref, `spec.http[${i}]`).getByRole('cell').nth(1);
        await expect(becomes).toContainText(route);
        await expect(becomes).toContainText(`spec.rules[${i}]`);
      }
      await expect(routes.output(ref, route)).toBeVisible();
    }
    // DestinationRule subsets become one Service per subset, beside the route that uses them.
    for (const v of ['v1', 'v2', 'v3']) {
      await expect(
        routes.output('VirtualService/bookinfo/reviews', `Service/bookinfo/reviews-${v}`),
      ).toBeVisible();
    }
    const c = await routesCounts(request, 'namespace=bookinfo&gatewayClass=istio&channel=standard');
    await expect(routes.counts).toHaveText(
      `${c.new} new, ${c.changed} changed, ${c.unchanged} unchanged · ${c.errors} not carried over, ${c.warnings} approximated`,
    );
    expect(app.consoleErrors).toEqual([]);
  });

  test('fault injection is flagged as an error at its rule; every output is new', async ({ page }) => {
    const app = new AppShell(page);
    const routes = new RoutesPage(page);
    await routes.open('bookinfo');
    const ratings = 'VirtualService/bookinfo/ratings';
    const faulty = routes.warnings(routes.rule(ratings, 'spec.http[0]'));
    await expect(faulty.filter({ hasText: 'fault' })).toHaveAttribute('data-severity', 'error');
    await expect(faulty.filter({ hasText: 'fault' })).toHaveAttribute('data-field', 'spec.http[0].fault');
    await expect(routes.warnings(routes.rule(ratings, 'spec.http[1]'))).toHaveCount(0);
    await expect(routes.source(ratings).getByText('1 not carried over')).toBeVisible();
    // Only the ratings VirtualService carries a fault.
    await expect(page.locator('[data-testid="conversion-warning"][data-severity="error"]')).toHaveCount(1);
    // The retries of reviews' default rule are approximated, not dropped.
    await expect(
      routes
        .warnings(routes.rule('VirtualService/bookinfo/reviews', 'spec.http[1]'))
        .and(page.locator('[data-field="spec.http[1].retries"]')),
    ).toHaveAttribute('data-severity', 'warning');

    const statuses = await page.locator('summary [data-status]').allTextContents();
    expect(statuses.length).toBeGreaterThanOrEqual(11);
    expect(new Set(statuses)).toEqual(new Set(['new']));
    // Nothing is live yet: the unified diff only adds lines.
    await expect(routes.diff(ratings, 'HTTPRoute/bookinfo/ratings')).toBeVisible();
    const diff = routes.unifiedDiff(ratings, 'HTTPRoute/bookinfo/ratings');
    await expect(diff.locator('[data-diff="add"]').first()).toBeVisible();
    await expect(diff.locator('[data-diff="del"], [data-diff="same"]')).toHaveCount(0);
    expect(app.consoleErrors).toEqual([]);
  });

  test('side by side shows the split diff, also for a route that is already live', async ({
    page,
    request,
  }) => {
    const app = new AppShell(page);
    const routes = new RoutesPage(page);
    await routes.open('bookinfo');
    const src = 'VirtualService/bookinfo/details';
    const out = 'HTTPRoute/bookinfo/details';
    await routes.diffMode('Side by side').check();
    const split = routes.splitDiff(src, out);
    await expect(split).toBeVisible();
    await expect(page.getByTestId('diff-unified')).toHaveCount(0);
    const cells = routes.splitCells(src, out);
    expect(await cells.count()).toBeGreaterThan(10);
    // Nothing live yet: the cluster side is empty, the generated side all added.
    await expect(cells.nth(0)).toHaveAttribute('data-diff', 'none');
    await expect(cells.nth(1)).toHaveAttribute('data-diff', 'add');
    await expect(cells.nth(1)).toHaveText('apiVersion: gateway.networking.k8s.io/v1');
    await expect(split).toContainText('kind: HTTPRoute');

    // A hand-written HTTPRoute already in the cluster: the output turns "changed" without a reload.
    await applyYaml(
      request,
      [
        'apiVersion: gateway.networking.k8s.io/v1',
        'kind: HTTPRoute',
        'metadata: { name: details, namespace: bookinfo }',
        'spec:',
        '  parentRefs: [{ group: "", kind: Service, name: details, port: 9080 }]',
        '  rules:',
        '    - backendRefs: [{ name: details, port: 9080 }]',
        '',
      ].join('\n'),
    );
    await expect(routes.outputStatus(src, out)).toHaveText('changed');
    // Same lines face each other; what the cluster has that the conversion drops is on the left.
    await expect(cells.nth(0)).toHaveAttribute('data-diff', 'same');
    await expect(cells.nth(0)).toHaveText('apiVersion: gateway.networking.k8s.io/v1');
    await expect(split.locator('[data-diff="del"]').first()).toBeVisible();
    await expect(split.locator('[data-diff="add"]').first()).toBeVisible();

    await routes.diffMode('Unified').check();
    await expect(routes.unifiedDiff(src, out)).toBeVisible();
    await expect(split).toHaveCount(0);
    expect(app.consoleErrors).toEqual([]);
  });

  test('another gateway class changes the generated Gateway', async ({ page, request }) => {
    const app = new AppShell(page);
    const routes = new RoutesPage(page);
    await routes.open('bookinfo');
    const gw = 'Gateway/bookinfo/bookinfo-gateway';
    await expect(routes.gatewayClassSelect).toHaveValue('istio');
    await expect(routes.diff(gw, gw)).toContainText('gatewayClassName: istio');

    // Installing another implementation adds its class to the choices.
    await applyYaml(
      request,
      'apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: { name: eg }\nspec: { controllerName: gateway.envoyproxy.io/gatewayclass-controller }\n',
    );
    await expect(routes.gatewayClassSelect.getByRole('option', { name: 'eg', exact: true })).toBeAttached();
    await routes.gatewayClassSelect.selectOption('eg');
    await expect(page).toHaveURL(/gatewayClass=eg/);
    await expect(routes.diff(gw, gw)).toContainText('gatewayClassName: eg');
    await expect(routes.diff(gw, gw)).not.toContainText('gatewayClassName: istio');
    expect(app.consoleErrors).toEqual([]);
  });

  test('the Download button returns a YAML bundle with the HTTPRoutes', async ({ page }) => {
    const app = new AppShell(page);
    const routes = new RoutesPage(page);
    await routes.open('bookinfo');
    const [download] = await Promise.all([page.waitForEvent('download'), routes.downloadLink.click()]);
    expect(download.suggestedFilename()).toBe('gateway-api-bookinfo.yaml');
    const text = await readFile(await download.path(), 'utf8');
    const docs = parseAllDocuments(text)
      .map(
        (d) => d.toJSON() as { kind?: string; metadata?: { name?: string }; spec?: Record<string, unknown> },
      )
      .filter((d) => d?.kind);
    const routeNames = docs.filter((d) => d.kind === 'HTTPRoute').map((d) => d.metadata?.name);
    expect(routeNames.sort()).toEqual(Object.keys(VIRTUAL_SERVICES).sort());
    const gateway = docs.find((d) => d.kind === 'Gateway');
    expect(gateway?.spec?.gatewayClassName).toBe('istio');
    expect(docs.filter((d) => d.kind === 'Service').map((d) => d.metadata?.name)).toContain('reviews-v2');
    expect(app.consoleErrors).toEqual([]);
  });
});
