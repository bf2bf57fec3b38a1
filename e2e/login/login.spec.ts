import { KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import { expect, type Page, test } from '@playwright/test';
import { MigrationPage } from '../pages/migration';
import { loginEnv } from './env';

/** The test identity provider's own login page. */
async function signInAtProvider(page: Page, user: string) {
  await expect(page.getByRole('heading', { name: 'Sign in to the test identity provider' })).toBeVisible();
  await page.getByLabel('Username').fill(user);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Namespaces the dashboard lists: alice administers bookinfo only. */
async function expectOnlyHerNamespaces(page: Page, base: string) {
  await page.goto(`${base}/namespaces`);
  const table = page.getByRole('table');
  await expect(table.getByRole('link', { name: 'bookinfo', exact: true })).toBeVisible();
  for (const other of ['shop', 'payments', 'istio-system'])
    await expect(table.getByRole('link', { name: other, exact: true })).toHaveCount(0);
}

/** Who the migration records of a step in bookinfo, as stored in the cluster, name. */
async function recordedUsers(step: string): Promise<string[]> {
  const kc = new KubeConfig();
  kc.loadFromFile(loginEnv().kubeconfig);
  kc.setCurrentContext('admin');
  const api = KubernetesObjectApi.makeApiClient(kc);
  const list = await api.list(
    'v1',
    'ConfigMap',
    'bookinfo',
    undefined,
    undefined,
    undefined,
    undefined,
    `mesh-migrator.io/step=${step}`,
  );
  return list.items.map(
    (cm) =>
      (
        JSON.parse((cm as { data?: Record<string, string> }).data?.['record.json'] ?? '{}') as {
          who?: string;
        }
      ).who ?? '',
  );
}

test('oidc mode: log in at the identity provider, see only her namespaces, apply a step as herself', async ({
  page,
}) => {
  const { url } = loginEnv().dashboards.oidc;
  await page.goto(url);
  await expect(page).toHaveURL(/\/login/);
  await page.getByRole('link', { name: 'Log in with single sign-on' }).click();
  await signInAtProvider(page, 'alice');
  await expect(page.getByTestId('identity')).toContainText('alice');

  await expectOnlyHerNamespaces(page, url);

  const mig = new MigrationPage(page);
  await page.goto(`${url}/migration/bookinfo`);
  await mig.previewAndApply('deploy-waypoint');
  await expect(mig.step('deploy-waypoint').getByTestId('step-record-status')).toContainText('alice');
  expect(await recordedUsers('deploy-waypoint')).toContain('alice');
});

test('proxy mode: oauth2-proxy logs her in, the dashboard acts as her by impersonation', async ({ page }) => {
  const { url } = loginEnv().dashboards.proxy;
  await page.goto(url);
  // oauth2-proxy's own sign-in page, then the identity provider's.
  await page.getByRole('button', { name: /Sign in with/ }).click();
  await signInAtProvider(page, 'alice');
  await expect(page.getByTestId('identity')).toContainText('alice');

  await expectOnlyHerNamespaces(page, url);

  const mig = new MigrationPage(page);
  await page.goto(`${url}/migration/bookinfo`);
  await mig.previewAndApply('migrate-policies');
  await expect(mig.step('migrate-policies').getByTestId('step-record-status')).toContainText('alice');
  expect(await recordedUsers('migrate-policies')).toContain('alice');
});

test('requests without a session, or with forged proxy headers, are refused', async ({ request }) => {
  const { oidc, proxy } = loginEnv().dashboards;
  expect((await request.get(`${oidc.url}/api/summary`)).status()).toBe(401);
  // Straight to the dashboard behind the proxy, claiming to be someone powerful.
  const forged = { 'x-forwarded-user': 'admin', 'x-forwarded-groups': 'system:masters' };
  expect((await request.get(`${proxy.directURL}/api/summary`, { headers: forged })).status()).toBe(401);
  const wrongSecret = { ...forged, 'x-mesh-migrator-proxy-secret': 'not-the-secret-0123456789' };
  expect((await request.get(`${proxy.directURL}/api/summary`, { headers: wrongSecret })).status()).toBe(401);
  // Through oauth2-proxy without a login: its sign-in, never the dashboard's data.
  const viaProxy = await request.get(`${proxy.url}/api/summary`, { headers: forged, maxRedirects: 0 });
  expect([302, 401, 403]).toContain(viaProxy.status());
  expect(await viaProxy.text()).not.toContain('"namespaces"');
});
