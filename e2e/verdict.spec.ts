import { expect, test } from '@playwright/test';
import { AppShell } from './pages/app';
import { MigrationPage } from './pages/migration';

// The demo server runs with MESH_MIGRATOR_VERIFY_WINDOW=10s (playwright.config.ts): a verdict is due
// 10 s after its step; the rest is a loaded machine's margin.
const VERDICT_TIMEOUT = 60_000;

test("the demo's injected fault: sending shop through its waypoint degrades traffic, the step says so and is rolled back from there", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const app = new AppShell(page);
  const mig = new MigrationPage(page);
  await mig.open('shop');
  await mig.previewAndApply('deploy-waypoint');
  // A step that changes no traffic passes the same check.
  await expect(mig.trafficVerdict('deploy-waypoint')).toHaveAttribute('data-status', 'verified', {
    timeout: VERDICT_TIMEOUT,
  });
  await expect(mig.trafficVerdict('deploy-waypoint')).toHaveText('traffic OK');
  // scenarios/demo/20-shop.yaml declares a deny-waypoint fault: once shop's Services go through the
  // waypoint, an L4 DENY policy on the waypoint's identity appears and every request through it fails.
  await mig.previewAndApply('use-waypoint');
  // Applied: the plan has nothing left to do for this step (the namespace carries the label).
  await expect(mig.step('use-waypoint')).toHaveAttribute('data-skipped', 'true');

  const verdict = mig.trafficVerdict('use-waypoint');
  await expect(verdict).toHaveAttribute('data-status', 'degraded', { timeout: VERDICT_TIMEOUT });
  await expect(verdict).toHaveText('traffic degraded');
  const evidence = mig.trafficEvidence('use-waypoint');
  await expect(evidence).toContainText('Traffic degraded after this step');
  await expect(evidence).toContainText(/shop\/catalog \(success rate 100\.00% → \d+\.\d+%/);
  await expect(evidence.getByRole('img', { name: 'shop/catalog before and after' })).toBeVisible();

  // Newest first: an earlier spec's enrolment may have left an older use-waypoint record.
  const historyRow = page
    .getByRole('table', { name: 'History' })
    .getByRole('row')
    .filter({ hasText: 'use-waypoint' })
    .first();
  await expect(historyRow).toContainText('traffic degraded');
  await expect(historyRow.getByRole('button', { name: 'Roll back this step…' })).toBeVisible();

  await mig.rollBackDegraded('use-waypoint');
  // The namespace is back: the label is gone, so the plan offers the step again; nothing to roll back.
  await expect(mig.step('use-waypoint')).toHaveAttribute('data-skipped', 'false');
  await expect(mig.trafficEvidence('use-waypoint').getByRole('button')).toHaveCount(0);
  await expect(historyRow).toContainText('rolled back by');
  await expect(historyRow.getByRole('button')).toHaveCount(0);

  // Back to the scenario as written for later specs (the injected policy stays, as a synced one would).
  await mig.rollBack('deploy-waypoint');
  expect(app.consoleErrors).toEqual([]);
});
