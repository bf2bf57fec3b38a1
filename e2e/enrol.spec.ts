import { expect, test } from '@playwright/test';
import { AppShell } from './pages/app';
import { EnrolDialog, rollBackEnrolments, WavesPage } from './pages/enrol';
import { TopologyPage } from './pages/topology';

test('a demo namespace goes to ambient in one click, its pods turn to ztunnel on the graph, then back', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const app = new AppShell(page);
  const enrol = await EnrolDialog.openFrom(app, 'shop');
  await enrol.expectPreview(['shop: deploy-waypoint', 'shop: enable-ambient', 'shop: restart-workloads']);
  await enrol.confirm();
  for (const s of ['deploy-waypoint', 'enable-ambient', 'remove-injection', 'restart-workloads'])
    await expect(enrol.dialog.getByTestId(`enrol-step-shop-${s}`)).toHaveAttribute('data-status', 'applied');
  await enrol.expectRestarted('Deployment/shop/cart');
  await enrol.close();

  const topo = new TopologyPage(page);
  await topo.open('ns=shop');
  await expect(topo.node('wl:Deployment/shop/cart').getByTestId('graph-node')).toHaveAttribute(
    'data-dataplane',
    /ztunnel|waypoint-covered/,
  );
  await expect(page.locator('[data-testid="graph-node"][data-dataplane="sidecar"]')).toHaveCount(0);

  // The whole enrolment is undone from the history in one go; sidecars come back.
  // No sidecar left: the namespace page no longer offers the enrolment.
  await app.open('/namespaces/shop');
  await expect(page.getByRole('button', { name: 'Enrol shop in ambient' })).toHaveCount(0);
  await rollBackEnrolments(page.request, baseURL ?? '', 'shop');
  await topo.open('ns=shop');
  await expect(topo.node('wl:Deployment/shop/cart').getByTestId('graph-node')).toHaveAttribute(
    'data-dataplane',
    'sidecar',
    {
      timeout: 30_000,
    },
  );
  expect(app.consoleErrors).toEqual([]);
});

test('a wave of two namespaces is planned, saved and enrolled with one preview, and rolled back after its own', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const app = new AppShell(page);
  const waves = new WavesPage(page);
  await waves.open();
  // Put team-c and team-f alone in a wave of their own, and save the waves in the cluster.
  await waves.move('team-c', 'a new wave');
  const last = await page
    .getByTestId(/^wave-\d+$/)
    .last()
    .getAttribute('aria-label');
  await waves.move('team-f', last ?? '');
  await waves.save();
  const wave = waves.wave(last ?? '');
  await expect(wave.getByTestId('wave-ns-team-c')).toHaveAttribute('data-status', 'ready');
  await wave.getByRole('button', { name: 'Enrol team-c, team-f in ambient' }).click();
  const enrol = new EnrolDialog(page, '2 namespaces');
  await enrol.expectPreview(['team-c: enable-ambient', 'team-f: enable-ambient']);
  await enrol.confirm();
  await expect(enrol.dialog.getByRole('table', { name: 'Restarts in team-c' })).toBeVisible();
  await expect(enrol.dialog.getByRole('table', { name: 'Restarts in team-f' })).toBeVisible();
  await expect(enrol.dialog.locator('[data-testid^="rollout-"][data-done="false"]')).toHaveCount(0, {
    timeout: 30_000,
  });
  await expect(wave.getByTestId('wave-ns-team-f')).toHaveAttribute('data-status', 'done', {
    timeout: 30_000,
  });

  // The wave is rolled back from the dialog: its preview first, nothing sent until "Roll back".
  await enrol.dialog.getByRole('button', { name: 'Roll back everything' }).click();
  await expect(enrol.rollbackConfirm).toBeVisible({ timeout: 30_000 });
  await enrol.rollbackConfirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(enrol.rollbackConfirm).toBeHidden();
  await expect(wave.getByTestId('wave-ns-team-f')).toHaveAttribute('data-status', 'done');
  await enrol.rollBackEverything(['Namespace/team-c', 'Namespace/team-f']);
  await expect(enrol.rollbackConfirm).toBeHidden();
  await enrol.close();
  // Back to where the demo started, so later specs see the scenario as written.
  await expect(wave.getByTestId('wave-ns-team-c')).toHaveAttribute('data-status', 'ready', {
    timeout: 30_000,
  });
  const res = await page.request.get('/api/migration');
  const overview = (await res.json()) as {
    records: { enrolment?: string; namespace: string; status: string }[];
  };
  expect(
    overview.records
      .filter((r) => r.enrolment && ['team-c', 'team-f'].includes(r.namespace))
      .every((r) => r.status === 'rolled-back'),
  ).toBe(true);
  expect(app.consoleErrors).toEqual([]);
});
