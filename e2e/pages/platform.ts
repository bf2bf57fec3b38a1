import { expect, type Page } from '@playwright/test';

/** The savings card and the ingress certificate / address panel (Overview and migration pages). */
export class PlatformPanels {
  constructor(readonly page: Page) {}

  /** The panels load after the summary (the cost model converts each sidecar namespace once). */
  async loaded() {
    await expect(this.ingress).toBeVisible({ timeout: 30_000 });
  }

  get savings() {
    return this.page.getByRole('region', { name: 'Resource savings' });
  }

  scenario(key: 'before' | 'now' | 'after') {
    return this.savings.getByTestId(`savings-${key}`);
  }

  /** The chart of sidecar vs ambient cost over the migration (shown once a namespace moved). */
  get costChart() {
    return this.savings.getByRole('figure', { name: 'Sidecar vs ambient cost over the migration' });
  }

  get ingress() {
    return this.page.getByRole('region', { name: 'Ingress certificates and addresses' });
  }

  certificate(secretNamespace: string, name: string) {
    return this.ingress.getByTestId(`cert-${secretNamespace}-${name}`);
  }

  finding(id: string) {
    return this.ingress.getByTestId(`finding-${id}`);
  }

  gatewayAddress(ns: string, name: string) {
    return this.ingress.getByTestId(`lb-${ns}-${name}`);
  }
}
