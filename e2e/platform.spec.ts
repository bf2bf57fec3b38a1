import { expect, test } from '@playwright/test';
import { AppShell } from './pages/app';
import { MigrationPage } from './pages/migration';
import { PlatformPanels } from './pages/platform';

test.describe('what the move saves and touches', () => {
  test('the Overview shows what sidecars hold against what ambient needs', async ({ page }) => {
    const app = new AppShell(page);
    await app.open('/');
    const panels = new PlatformPanels(page);
    await panels.loaded();
    await expect(panels.savings).toBeVisible();
    await expect(panels.savings.getByTestId('sidecars-hold')).toContainText(/cores · \d+(\.\d+)? GiB/);
    await expect(panels.scenario('now')).toContainText('meshed namespaces moved');
    await expect(panels.scenario('after')).toContainText('ztunnel on every node');
    await expect(panels.savings.getByTestId('savings-remaining')).toContainText('frees');
    await expect(panels.savings.getByTestId('usage-source')).toHaveText('Prometheus not configured');
    await expect(page.getByTestId('readiness-mesh CA')).toHaveAttribute('data-ok', 'true');
    await expect(page.getByTestId('readiness-mesh CA')).toContainText('self-signed');
    await expect(page.getByTestId('mesh-ca-keep')).toContainText('trust domain cluster.local');
  });

  test('ingress certificates are named with their issuer, expiry and findings', async ({ page }) => {
    const app = new AppShell(page);
    await app.open('/');
    const panels = new PlatformPanels(page);
    await panels.loaded();
    const bookinfo = panels.certificate('istio-system', 'bookinfo-tls');
    await expect(bookinfo).toContainText('Certificate istio-system/bookinfo-tls');
    await expect(bookinfo.getByTestId('cert-issuer')).toContainText('ClusterIssuer vault-issuer (Vault');
    await expect(bookinfo).toContainText('Ready');
    const storefront = panels.certificate('istio-system', 'storefront-tls');
    await expect(storefront).toContainText('not Ready');
    await expect(storefront.getByTestId('cert-issuer')).toContainText('(ACME');
    const expiring = panels.finding('certificate-expiring:istio-system/storefront-tls');
    await expect(expiring).toHaveAttribute('data-severity', 'warning');
    await expect(expiring).toContainText(/expires in 1[12] day/);
    await expect(panels.finding('certificate-not-ready:istio-system/storefront-tls')).toContainText(
      'ACME HTTP-01',
    );
  });

  test('MetalLB addresses for the Gateways the plan creates', async ({ page }) => {
    const app = new AppShell(page);
    await app.open('/');
    const panels = new PlatformPanels(page);
    await panels.loaded();
    // The pool has three addresses: the Istio ingress holds .240 and the ingress-nginx controller
    // .241; bookinfo's Gateway gets the last one, and storefront's finds none left: a blocker.
    await expect(panels.ingress.getByTestId('lb-provider')).toContainText(
      /MetalLB: ingress-pool 1\/3 free, 0 after the plan \(L2\/ingress-l2\)/,
    );
    await expect(panels.gatewayAddress('bookinfo', 'bookinfo-gateway')).toContainText('192.168.49.242');
    await expect(panels.gatewayAddress('storefront', 'storefront-gateway')).toContainText(
      'blocker: MetalLB cannot give Gateway/storefront/storefront-gateway an address',
    );
  });

  test('the namespace table and the migration page show the projected saving', async ({ page }) => {
    const app = new AppShell(page);
    await app.open('/namespaces');
    const row = page.getByTestId('ns-row-storefront');
    await expect(row.getByTestId('ns-cost')).toContainText('750m · 768 MiB');
    await expect(row.getByTestId('ns-cost')).toContainText('frees 750m · 768 MiB');
    const migration = new MigrationPage(page);
    await migration.open('storefront');
    await new PlatformPanels(page).loaded();
    const saving = page.getByRole('region', { name: 'Projected saving' });
    await expect(saving.getByTestId('ns-sidecar-cost')).toContainText('750m · 768 MiB');
    await expect(saving.getByTestId('ns-projected-saving')).toContainText('frees');
    await expect(new PlatformPanels(page).certificate('istio-system', 'storefront-tls')).toBeVisible();
  });
});
