import { expect, type Page } from '@playwright/test';

/** The migration page of one namespace: steps with preview, apply and roll back. */
export class MigrationPage {
  constructor(readonly page: Page) {}

  async open(ns: string) {
    await this.page.goto(`/migration/${ns}`);
    await expect(this.page.getByRole('heading', { level: 1, name: `Migration of ${ns}` })).toBeVisible();
  }

  step(id: string) {
    return this.page.getByTestId(`step-${id}`);
  }

  /** Opens the YAML of an object the step applies (written when opened). */
  async objectYaml(id: string, ref: string) {
    const step = this.step(id);
    await step.getByText(/object\(s\), \d+ patch/).click();
    await step.getByText(`apply ${ref}`).click();
    return step.getByRole('figure', { name: ref });
  }

  /** The plan's findings (blockers and warnings first, notes folded). */
  get findings() {
    return this.page.getByRole('region', { name: 'Findings' });
  }

  finding(id: string) {
    return this.findings.getByTestId(`finding-${id}`);
  }

  /** A plan finding as the step it concerns shows it. */
  stepFinding(step: string, id: string) {
    return this.step(step).getByTestId(`step-finding-${id}`);
  }

  /** The GitOps export link (follows the page's gateway class, target and certificate choice). */
  get exportLink() {
    return this.page.getByRole('link', { name: 'Export for GitOps (.tar)' });
  }

  async chooseCertificates(choice: 'reference-grant' | 'cert-manager') {
    await this.page.getByLabel('Certificates of the new Gateway').selectOption(choice);
  }

  /** Preview, read the dry run, confirm and apply; waits until the step is recorded as applied. */
  async previewAndApply(id: string) {
    const step = this.step(id);
    await step.getByRole('button', { name: 'Preview' }).click();
    await expect(step.getByTestId(`preview-${id}`)).toBeVisible();
    await step.getByRole('button', { name: 'Apply…' }).click();
    const dialog = step.getByRole('alertdialog');
    await expect(dialog).toContainText('Apply “');
    await dialog.getByRole('button', { name: /^Apply \d+ change/ }).click();
    await expect(step.getByTestId('step-record-status')).toContainText('applied by');
  }

  /** The traffic verdict of a step's last application; `data-status` is measuring, verified, degraded… */
  trafficVerdict(id: string) {
    return this.step(id).getByTestId('step-traffic');
  }

  /** What the step's traffic verdict rests on, and the rollback it offers when degraded. */
  trafficEvidence(id: string) {
    return this.step(id).getByRole('region', { name: 'Traffic after this step' });
  }

  /** Rolls a step back from its degraded traffic verdict: the offered button, then the confirmation. */
  async rollBackDegraded(id: string) {
    const step = this.step(id);
    await this.trafficEvidence(id).getByRole('button', { name: 'Roll back this step…' }).click();
    const dialog = step.getByRole('alertdialog', { name: /^Confirm rollback of / });
    await expect(dialog).toContainText('restore the');
    await dialog.getByRole('button', { name: 'Roll back' }).click();
    await expect(step.getByTestId('step-record-status')).toContainText('rolled-back');
  }

  async rollBack(id: string) {
    const step = this.step(id);
    await step.getByRole('button', { name: 'Roll back…' }).click();
    await step.getByRole('alertdialog').getByRole('button', { name: 'Roll back' }).click();
    await expect(step.getByTestId('step-record-status')).toContainText('rolled-back');
  }
}
