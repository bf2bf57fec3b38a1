import { expect, test } from '@playwright/test';
import { stringify } from 'yaml';
import { applyDemoYaml } from './pages/api';
import { AppShell } from './pages/app';
import { EnrolDialog, rollBackEnrolments } from './pages/enrol';
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
    // Without a Prometheus the demo's simulated one measures the proxies.
    await expect(panels.savings.getByTestId('usage-source')).toHaveText('simulated by the demo, 1m window');
    // Inside the sentence the measured usage follows the requests on the same line, in parentheses.
    await expect(panels.savings.getByTestId('sidecars-hold')).toHaveText(
      /^[\d.]+ cores · [\d.]+ GiB \(used [\d.]+m? (cores )?· [\d.]+ [MG]iB\)$/,
    );
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
    await expect(saving).toContainText(
      /^Projected saving3 sidecar\(s\) hold 750m · 768 MiB \(used [^)]+\); in ambient the namespace needs no waypoint/,
    );
    await expect(new PlatformPanels(page).certificate('istio-system', 'storefront-tls')).toBeVisible();
  });

  test("the plan names the ingress certificate's findings at the step that creates the Gateway", async ({
    page,
  }) => {
    const migration = new MigrationPage(page);
    await migration.open('storefront');
    const notReady = migration.finding('certificate-not-ready:istio-system/storefront-tls');
    await expect(notReady).toHaveAttribute('data-severity', 'warning');
    await expect(notReady).toContainText('ACME HTTP-01');
    await expect(notReady.getByTestId('finding-step')).toHaveText('Concerns step create-routes');
    const expiring = migration.finding('certificate-expiring:istio-system/storefront-tls');
    await expect(expiring).toContainText(/expires in 1[12] day/);
    // Counted with the plan's other warnings, and shown on the step itself.
    const heading = await migration.findings.getByRole('heading', { name: /Findings/ }).textContent();
    expect(Number(/(\d+) warning/.exec(heading ?? '')?.[1])).toBeGreaterThanOrEqual(2);
    await expect(
      migration.stepFinding('create-routes', 'certificate-expiring:istio-system/storefront-tls'),
    ).toHaveAttribute('data-severity', 'warning');
    await expect(
      migration.step('create-routes').getByRole('list', { name: 'Findings of step create-routes' }),
    ).toContainText('not Ready');
  });

  test('the GitOps export follows the certificate choice', async ({ page }) => {
    const migration = new MigrationPage(page);
    await migration.open('storefront');
    await expect(migration.exportLink).toHaveAttribute('href', /certificates=reference-grant/);
    await migration.chooseCertificates('cert-manager');
    await expect(migration.exportLink).toHaveAttribute('href', /certificates=cert-manager/);
    const res = await page.request.get((await migration.exportLink.getAttribute('href')) ?? '');
    expect(res.status()).toBe(200);
    const tar = (await res.body()).toString('utf8');
    expect(tar).toContain('cert-manager.io/cluster-issuer: letsencrypt-prod');
    expect(tar).toContain('Chosen: `cert-manager`');
    expect(tar).not.toContain('kind: ReferenceGrant');
  });

  test('a MetalLB pool without a free address blocks the plan of the Gateway that needs one', async ({
    page,
  }) => {
    // Something else takes the pool's last address (or waits for one, when it is gone already).
    const holder = (type: string) =>
      stringify({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {
          name: 'e2e-address-holder',
          namespace: 'default',
          annotations: { 'metallb.io/address-pool': 'ingress-pool' },
        },
        spec: { type, selector: { app: 'none' }, ports: [{ port: 443 }] },
      });
    await applyDemoYaml(page.request, holder('LoadBalancer'));
    try {
      const migration = new MigrationPage(page);
      await migration.open('storefront');
      const blocker = migration.finding('lb-pool-exhausted:storefront/storefront-gateway');
      await expect(blocker).toHaveAttribute('data-severity', 'blocker', { timeout: 20_000 });
      await expect(blocker).toContainText(
        'MetalLB cannot give Gateway/storefront/storefront-gateway an address',
      );
      await expect(blocker.getByTestId('finding-step')).toHaveText('Concerns step create-routes');
      await expect(migration.findings.getByRole('heading', { name: /Findings/ })).toContainText(
        '1 blocker(s)',
      );
      // The panel on the page says the same.
      await expect(new PlatformPanels(page).gatewayAddress('storefront', 'storefront-gateway')).toContainText(
        'no free address',
      );
    } finally {
      await applyDemoYaml(page.request, holder('ClusterIP'));
    }
  });

  test('the cost chart puts measured usage beside the requests once a namespace moved', async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(180_000);
    const app = new AppShell(page);
    const enrol = await EnrolDialog.openFrom(app, 'team-c');
    await enrol.expectPreview(['team-c: enable-ambient', 'team-c: restart-workloads']);
    await enrol.confirm();
    await enrol.close();
    try {
      await app.open('/');
      const panels = new PlatformPanels(page);
      await panels.loaded();
      await expect(panels.costChart.getByTestId('cost-points')).toContainText('team-c moved');
      await expect(panels.costChart.getByTestId('cost-measured')).toContainText(
        /dashed: measured usage from the demo's simulated Prometheus \(1m rate, every \d+ s\), latest sidecars \d/,
      );
    } finally {
      await rollBackEnrolments(page.request, baseURL ?? '', 'team-c');
    }
  });
});
