import { expect, type Page } from '@playwright/test';

/** The shell every page shares: navigation and the cluster header. */
export class AppShell {
  readonly consoleErrors: string[] = [];

  constructor(readonly page: Page) {
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => this.consoleErrors.push(err.message));
  }

  nav(label: string) {
    return this.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: label, exact: true });
  }

  get clusterSelect() {
    return this.page.getByRole('combobox', { name: 'Cluster or context' });
  }

  /** The header switch that blocks writes for this browser session. */
  get readOnlySwitch() {
    return this.page.getByRole('switch', { name: 'Read-only for this session' });
  }

  async open(path = '/') {
    await this.page.goto(path);
    await expect(this.page.getByTestId('cluster-header')).toBeVisible();
  }

  async switchTo(value: string) {
    await this.clusterSelect.selectOption(value);
  }
}
