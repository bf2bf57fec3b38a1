import { expect, test } from '@playwright/test';
import { AppShell } from '../pages/app';
import { applyAs, LoginPage, tokenOf } from '../pages/login';
import { MigrationPage } from '../pages/migration';

test.describe('token mode', () => {
  test('every page leads to the login; a token logs in as its user; logout ends the session', async ({
    page,
  }) => {
    const login = new LoginPage(page);
    await page.goto('/namespaces');
    await login.expectShown();
    await page.screenshot({ path: 'test-results/e2e-token/login.png' });

    await login.logIn('not-a-token');
    await expect(page.getByText('the API server does not accept this token')).toBeVisible();

    await login.logIn(tokenOf('team'));
    await expect(page).toHaveURL(/\/namespaces$/);
    const app = new AppShell(page);
    await expect(page.getByTestId('identity')).toHaveText('as team');
    // The team user sees only the namespace they administer.
    await expect(page.getByRole('link', { name: 'bookinfo', exact: true }).first()).toBeVisible();
    await expect(page.getByRole('link', { name: 'shop', exact: true })).toHaveCount(0);
    // One cluster for every user: no context switching here.
    await expect(app.clusterSelect).toBeDisabled();
    await page.screenshot({ path: 'test-results/e2e-token/header.png' });

    await page.getByRole('button', { name: 'Log out' }).click();
    await login.expectShown();
    await page.goto('/');
    await login.expectShown();
    expect((await page.request.get('/api/summary')).status()).toBe(401);
  });

  test('a token pasted before the page script has loaded is kept, and not sent before it has', async ({
    page,
  }) => {
    // Hold the page's scripts until the token is in the field, as on a slow link.
    let release!: () => void;
    const scriptsHeld = new Promise<void>((r) => {
      release = r;
    });
    await page.route('**/_next/static/chunks/**', async (route) => {
      await scriptsHeld;
      await route.continue();
    });
    const login = new LoginPage(page);
    await page.goto('/login?returnTo=%2Fnamespaces', { waitUntil: 'commit' });
    await login.tokenField.fill(tokenOf('team'));
    await expect(page.getByRole('button', { name: 'Log in' })).toBeDisabled();
    release();
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page).toHaveURL(/\/namespaces$/);
    await expect(page.getByTestId('identity')).toHaveText('as team');
  });

  test('a viewer sees why they cannot apply or roll back', async ({ page, playwright, baseURL }) => {
    // The admin applies a step first, so there is a record to roll back.
    const admin = await playwright.request.newContext({ baseURL });
    await applyAs(admin, baseURL as string, tokenOf('admin'), 'bookinfo', 'deploy-waypoint');
    await admin.dispose();

    await page.goto('/migration/bookinfo');
    await new LoginPage(page).logInAndReturn(tokenOf('viewer'));
    const mig = new MigrationPage(page);
    await expect(page.getByRole('heading', { level: 1, name: 'Migration of bookinfo' })).toBeVisible();
    // The applied step: its rollback is disabled, with the reason.
    const applied = mig.step('deploy-waypoint');
    await expect(applied.getByRole('button', { name: 'Roll back…' })).toBeDisabled();
    await expect(applied.getByTestId('rollback-blocked')).toContainText(
      'you lack the permissions a rollback needs',
    );
    // A step still to do: the viewer may preview (a dry run as themselves) but not apply, and is told why.
    const step = mig.step('restart-workloads');
    await expect(step.getByTestId('step-permissions')).toContainText('You may not apply this step');
    await step.getByRole('button', { name: 'Preview' }).click();
    await expect(step.getByTestId('preview-restart-workloads')).toBeVisible();
    await expect(step.getByRole('button', { name: 'Apply…' })).toBeDisabled();
    await expect(step.getByTestId('apply-blocked')).toContainText('you lack the permissions this step needs');
    await page.screenshot({ path: 'test-results/e2e-token/viewer.png', fullPage: false });
  });
});
