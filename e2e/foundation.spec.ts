import { expect, test } from '@playwright/test';
import { applyDemoYaml } from './pages/api';
import { AppShell } from './pages/app';

const PAGES = [
  { label: 'Overview', path: '/', heading: 'Overview' },
  { label: 'Namespaces', path: '/namespaces', heading: 'Namespaces' },
  { label: 'Topology', path: '/topology', heading: 'Topology' },
  { label: 'Routes', path: '/routes', heading: 'Routes' },
  { label: 'Migration', path: '/migration', heading: 'Migration' },
];

test.describe('foundation', () => {
  test('every page renders on the demo cluster without console errors', async ({ page }) => {
    const app = new AppShell(page);
    await app.open('/');
    await expect(page.getByTestId('demo-badge')).toBeVisible();
    for (const p of PAGES) {
      await app.nav(p.label).click();
      await expect(page).toHaveURL(new RegExp(`${p.path === '/' ? '/$' : p.path}`));
      await expect(page.getByRole('heading', { level: 1, name: p.heading })).toBeVisible();
      // Next.js announces route changes in its own (empty) alert region; only the app's alerts count.
      await expect(page.locator('[role="alert"]:not(#__next-route-announcer__)')).toHaveCount(0);
    }
    expect(app.consoleErrors).toEqual([]);
  });

  test('overview lists the kinds loaded from the demo cluster', async ({ page }) => {
    const app = new AppShell(page);
    await app.open('/');
    const pods = page.getByTestId('kind-pods');
    await expect(pods).toContainText('ok');
    const count = Number(await pods.locator('td').nth(3).textContent());
    expect(count).toBeGreaterThan(100);
    await expect(page.getByTestId('kind-virtualservices')).toContainText('ok');
  });

  test('switching to an unreachable context shows a clear error, and back to the demo', async ({ page }) => {
    const app = new AppShell(page);
    await app.open('/');
    await app.switchTo('kube:unreachable');
    const err = page.getByTestId('connection-error');
    await expect(err).toBeVisible({ timeout: 20_000 });
    await expect(err).toContainText('Cannot reach cluster “unreachable”');
    await err.getByRole('button', { name: 'Open the demo cluster instead' }).click();
    await expect(page.getByTestId('demo-badge')).toBeVisible();
    await expect(page.getByTestId('kind-pods')).toContainText('ok');
    await expect(app.clusterSelect).toHaveValue('demo');
  });

  test('a change in the cluster shows without a reload', async ({ page, request }) => {
    const app = new AppShell(page);
    await app.open('/');
    const ns = page.getByTestId('kind-namespaces');
    await expect(ns).toContainText('ok');
    const before = Number(await ns.locator('td').nth(3).textContent());
    await applyDemoYaml(
      request,
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: e2e-live-${Date.now()}\n`,
    );
    // The change reaches the page through the live updates, after the background summary has caught up.
    await expect(ns.locator('td').nth(3)).toHaveText(String(before + 1), { timeout: 20_000 });
  });

  test('read-only mode can be switched on and off', async ({ page }) => {
    const app = new AppShell(page);
    await app.open('/');
    const state = page.getByTestId('read-only-state');
    await expect(state).toHaveText('Read-only for this session: off');
    await expect(app.readOnlySwitch).toHaveAttribute('aria-checked', 'false');
    await app.readOnlySwitch.click();
    await expect(state).toHaveText('Read-only for this session: on');
    await expect(app.readOnlySwitch).toHaveAttribute('aria-checked', 'true');
    await app.readOnlySwitch.click();
    await expect(state).toHaveText('Read-only for this session: off');
  });
});
