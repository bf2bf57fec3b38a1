import { type APIRequestContext, expect, type Locator, type Page } from '@playwright/test';
import type { SummaryView } from '../../lib/views/summary';

/** What the Overview and Namespaces pages are built from, read straight from the API. */
export async function fetchSummary(request: APIRequestContext): Promise<SummaryView> {
  const res = await request.get('/api/summary');
  expect(res.ok()).toBe(true);
  return (await res.json()) as SummaryView;
}

/** Changes the demo cluster as `kubectl apply` would (maps merge; labels cannot be removed this way). */
export { applyDemoYaml } from './api';

/** The namespaces table: filter, sort and open a namespace. */
export class NamespacesPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto('/namespaces');
    await expect(this.page.getByRole('heading', { level: 1, name: 'Namespaces' })).toBeVisible();
    await expect(this.table.getByRole('row').nth(1)).toBeVisible();
  }

  get table() {
    return this.page.getByRole('table', { name: 'Namespaces' });
  }

  get textFilter() {
    return this.page.getByRole('searchbox', { name: 'Filter namespaces' });
  }

  get stateFilter() {
    return this.page.getByRole('combobox', { name: 'Filter by state' });
  }

  /** "N of M namespaces" under the filters. */
  get count() {
    return this.page.getByTestId('namespace-count');
  }

  row(name: string) {
    return this.page.getByTestId(`ns-row-${name}`);
  }

  /** The state badge of a namespace row; its `data-state` is the classification. */
  state(name: string) {
    return this.row(name).locator('[data-state]');
  }

  cell(name: string, column: 'name' | 'state' | 'pods' | 'coverage' | 'waypoint' | 'cost' | 'blockers') {
    const index = ['name', 'state', 'pods', 'coverage', 'waypoint', 'cost', 'blockers'].indexOf(column);
    return this.row(name).getByRole('cell').nth(index);
  }

  sortBy(column: 'Namespace' | 'State' | 'Pods' | 'Coverage' | 'Blockers') {
    return this.table.getByRole('columnheader').getByRole('button', { name: new RegExp(`^${column}`) });
  }

  columnHeader(column: string) {
    return this.table.getByRole('columnheader', { name: new RegExp(`^${column}`) });
  }

  /** Namespace names in the order the table shows them. */
  async visibleNames(): Promise<string[]> {
    return this.table.locator('tbody').getByRole('link').allTextContents();
  }

  /** Pod totals in the order the table shows them. */
  async visiblePodCounts(): Promise<number[]> {
    const cells = await this.table
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.querySelectorAll('td')[2]?.textContent ?? ''));
    return cells.map(Number);
  }

  async openNamespace(name: string) {
    await this.row(name).getByRole('link', { name, exact: true }).click();
    await expect(this.page).toHaveURL(new RegExp(`/namespaces/${name}$`));
  }
}

/** One namespace: workloads with their data plane, services, findings. */
export class NamespaceDetailPage {
  constructor(readonly page: Page) {}

  heading(name: string) {
    return this.page.getByRole('heading', { level: 1, name: `Namespace ${name}` });
  }

  async open(name: string) {
    await this.page.goto(`/namespaces/${encodeURIComponent(name)}`);
    await expect(this.heading(name)).toBeVisible();
  }

  /** The namespace's own state badge beside the heading. */
  get state(): Locator {
    return this.page.locator('h1 ~ [data-state]');
  }

  get workloads() {
    return this.page.getByRole('table', { name: 'Workloads' });
  }

  get services() {
    return this.page.getByRole('table', { name: 'Services' });
  }

  async expectWorkloadDataplane(kind: string, name: string, value: string) {
    await expect(this.workloadDataplane(kind, name)).toHaveAttribute('data-dataplane', value);
  }

  workload(kind: string, name: string) {
    return this.page.getByTestId(`workload-${kind}-${name}`);
  }

  /** The data-plane badge of a workload row; `data-dataplane` holds the raw value. */
  workloadDataplane(kind: string, name: string) {
    return this.workload(kind, name).locator('[data-dataplane]');
  }

  service(name: string) {
    return this.services
      .getByRole('row')
      .filter({ has: this.page.getByRole('cell', { name: `Service/${name}`, exact: true }) });
  }

  get findings() {
    return this.page.getByRole('region', { name: 'Findings' });
  }

  findingsBySeverity(severity: 'blocker' | 'warning' | 'info') {
    return this.findings.locator(`[data-severity="${severity}"]`);
  }
}
