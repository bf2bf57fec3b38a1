import { type APIRequestContext, expect, type Page } from '@playwright/test';
import { apiPost } from './api';
import type { AppShell } from './app';

/** The one-click enrolment dialog: one preview, one confirmation, live progress, rollback of everything. */
export class EnrolDialog {
  constructor(
    readonly page: Page,
    readonly title: string,
  ) {}

  /** Opens a namespace's page and its dialog with the "Enrol <ns> in ambient" button. */
  static async openFrom(app: AppShell, ns: string): Promise<EnrolDialog> {
    await app.open(`/namespaces/${ns}`);
    await app.page.getByRole('button', { name: `Enrol ${ns} in ambient` }).click();
    return new EnrolDialog(app.page, ns);
  }

  get dialog() {
    return this.page.getByRole('dialog', { name: `Enrol ${this.title} in ambient` });
  }

  /** Waits for the single preview and checks it lists `steps` (as `<namespace>: <step>`). */
  async expectPreview(steps: string[]) {
    await expect(this.dialog.getByRole('button', { name: 'Confirm and enrol' })).toBeEnabled({
      timeout: 30_000,
    });
    const list = this.dialog.getByRole('list', { name: 'Enrolment steps' });
    for (const s of steps) await expect(list).toContainText(s);
  }

  /** Confirms once and waits until every step is applied. */
  async confirm() {
    await this.dialog.getByRole('button', { name: 'Confirm and enrol' }).click();
    await expect(this.dialog.getByTestId('enrol-result')).toHaveAttribute('data-status', 'applied', {
      timeout: 60_000,
    });
  }

  /** Waits until the restart of a workload is done: recreated, ready and captured by ztunnel. */
  async expectRestarted(workloadId: string) {
    await expect(this.dialog.getByTestId(`rollout-${workloadId}`)).toHaveAttribute('data-done', 'true', {
      timeout: 30_000,
    });
  }

  /**
   * Rolls back everything the enrolment did as a user does it: "Roll back everything", read the
   * preview in the alertdialog (each record and object, `expectObjects` among them), then "Roll back".
   */
  async rollBackEverything(expectObjects: string[] = []) {
    await this.dialog.getByRole('button', { name: 'Roll back everything' }).click();
    const confirm = this.rollbackConfirm;
    await expect(confirm).toBeVisible({ timeout: 30_000 });
    for (const ref of expectObjects)
      await expect(confirm.getByTestId(`rollback-object-${ref}`).first()).toBeAttached();
    await confirm.getByRole('button', { name: 'Roll back', exact: true }).click();
    await expect(this.dialog.getByTestId('enrol-rolled-back')).toContainText(
      'Everything the enrolment did was rolled back',
      {
        timeout: 60_000,
      },
    );
  }

  get rollbackConfirm() {
    return this.dialog.getByRole('alertdialog', {
      name: `Confirm rollback of the enrolment of ${this.title}`,
    });
  }

  async close() {
    await this.dialog.getByRole('button', { name: 'Close' }).click();
    await expect(this.dialog).toBeHidden();
  }
}

/**
 * Previews the rollback of records and rolls them back with the preview's confirmation, as the
 * dashboard does; expects both to succeed.
 */
export async function rollBackRecords(request: APIRequestContext, baseURL: string, recordIds: string[]) {
  const preview = await apiPost(request, baseURL, '/api/enrol/rollback/preview', { recordIds });
  expect(preview.status(), await preview.text()).toBe(200);
  const { confirm } = (await preview.json()) as { confirm: string };
  const rb = await apiPost(request, baseURL, '/api/enrol/rollback', { recordIds, confirm });
  expect(rb.status(), await rb.text()).toBe(200);
}

/** Rolls back, newest first and in one confirmed request, every enrolment record of a namespace. */
export async function rollBackEnrolments(request: APIRequestContext, baseURL: string, ns: string) {
  const res = await request.get(`/api/migration/${ns}`);
  const view = (await res.json()) as { records: { id: string; enrolment?: string }[] };
  const ids = view.records
    .filter((r) => r.enrolment)
    .map((r) => r.id)
    .reverse();
  await rollBackRecords(request, baseURL, ids);
}

/** The Waves page: suggested or saved waves, each with its one-click enrolment. */
export class WavesPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto('/waves');
    await expect(this.page.getByRole('heading', { level: 1, name: 'Waves' })).toBeVisible();
    await expect(this.page.getByTestId('wave-1')).toBeVisible({ timeout: 30_000 });
  }

  wave(name: string) {
    return this.page.getByRole('listitem', { name });
  }

  /** Moves a namespace to another wave (by the wave's name) with its "Move … to" menu. */
  async move(ns: string, to: string) {
    await this.page.getByRole('combobox', { name: `Move ${ns} to` }).selectOption({ label: to });
  }

  async save() {
    await this.page.getByRole('button', { name: 'Save waves' }).click();
    await expect(this.page.getByText(/saved by /)).toBeVisible();
  }
}
