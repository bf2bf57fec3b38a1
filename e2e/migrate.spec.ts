import { expect, test } from '@playwright/test';
import { AppShell } from './pages/app';
import { MigrationPage } from './pages/migration';
import { TopologyPage } from './pages/topology';

const STEPS = [
  'deploy-waypoint',
  'migrate-policies',
  'create-routes',
  'use-waypoint',
  'enable-ambient',
  'remove-injection',
  'restart-workloads',
];

// Undo in the order that brings sidecars back: labels first, then the restart that re-injects.
const ROLLBACK = [
  'remove-injection',
  'enable-ambient',
  'restart-workloads',
  'use-waypoint',
  'create-routes',
  'migrate-policies',
  'deploy-waypoint',
];

test('bookinfo goes to ambient with a waypoint step by step through the UI, and back', async ({ page }) => {
  test.setTimeout(240_000);
  const app = new AppShell(page);
  const mig = new MigrationPage(page);
  await mig.open('bookinfo');
  await expect(mig.step('cleanup')).toHaveAttribute('data-skipped', 'true');
  const waypoint = await mig.objectYaml('deploy-waypoint', 'Gateway/bookinfo/waypoint');
  await expect(waypoint).toContainText('gatewayClassName: istio-waypoint');

  for (const id of STEPS) await mig.previewAndApply(id);

  // The restarted pods come up without sidecars and captured by ztunnel.
  await expect(mig.step('verify').getByTestId('step-verify')).toHaveAttribute('data-ok', 'true', {
    timeout: 20_000,
  });
  // The graph is laid out on the server: on a busy machine that takes longer than an assertion's default wait.
  const topo = new TopologyPage(page);
  await topo.open('ns=bookinfo');
  const productpage = page.locator(
    '[data-id="wl:Deployment/bookinfo/productpage-v1"] [data-testid="graph-node"]',
  );
  await expect(productpage).toHaveAttribute('data-dataplane', /ztunnel|waypoint-covered/);
  await expect(page.locator('[data-testid="graph-node"][data-dataplane="sidecar"]')).toHaveCount(0);

  // The history is in the cluster: a fresh page load lists every applied step.
  await page.goto('/migration');
  for (const id of STEPS) await expect(page.getByRole('table', { name: 'History' })).toContainText(id);

  await mig.open('bookinfo');
  for (const id of ROLLBACK) await mig.rollBack(id);

  await topo.open('ns=bookinfo');
  await expect(productpage).toHaveAttribute('data-dataplane', 'sidecar', { timeout: 20_000 });
  await expect(page.locator('[data-testid="graph-node"][data-type="waypoint"]')).toHaveCount(0);
  expect(app.consoleErrors).toEqual([]);
});

test('read-only mode disables applying but keeps previews', async ({ page }) => {
  const app = new AppShell(page);
  const mig = new MigrationPage(page);
  await app.open('/migration/shop');
  await app.readOnlySwitch.click();
  await expect(page.getByTestId('read-only-state')).toHaveText('Read-only for this session: on');
  await mig.open('shop');
  await expect(page.getByTestId('read-only-banner')).toBeVisible();
  const step = mig.step('enable-ambient');
  await step.getByRole('button', { name: 'Preview' }).click();
  await expect(step.getByTestId('preview-enable-ambient')).toBeVisible();
  await expect(step.getByRole('button', { name: 'Apply…' })).toBeDisabled();
  await app.readOnlySwitch.click();
  await expect(page.getByTestId('read-only-state')).toHaveText('Read-only for this session: off');
});

test('a namespace that is not there has no plan, and nothing to enrol or export', async ({ page }) => {
  const migration = new MigrationPage(page);
  await migration.open('nope');
  await expect(page.getByText('Plan of nope unavailable')).toBeVisible();
  await expect(page.getByText('namespace "nope" not found')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Enrol nope in ambient' })).toHaveCount(0);
  await expect(migration.exportLink).toHaveCount(0);
  // Its namespace page says so too, with the way back (the status stays 200: the page streams).
  await page.goto('/namespaces/nope');
  await expect(page.getByText('Namespace not found')).toBeVisible();
  await page.getByRole('link', { name: 'All namespaces' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Namespaces' })).toBeVisible();
});
