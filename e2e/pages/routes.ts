import { expect, type Locator, type Page } from '@playwright/test';

/** The routes page: each Istio source beside the Gateway API objects it becomes. */
export class RoutesPage {
  constructor(readonly page: Page) {}

  async open(namespace: string, extra = '', timeout?: number) {
    await this.page.goto(`/routes?namespace=${encodeURIComponent(namespace)}${extra ? `&${extra}` : ''}`);
    await expect(this.page.getByRole('heading', { level: 1, name: 'Routes' })).toBeVisible();
    await expect(this.counts).toBeVisible(timeout ? { timeout } : {});
  }

  get namespaceSelect() {
    return this.page.getByRole('combobox', { name: 'Namespace' });
  }

  get gatewayClassSelect() {
    return this.page.getByRole('combobox', { name: 'Gateway class' });
  }

  get targetSelect() {
    return this.page.getByRole('combobox', { name: 'Target' });
  }

  /** The portability table: open it, then read a row's status per target. */
  async openPortability() {
    await this.page.getByTestId('portability').locator('summary').click();
  }

  portabilityCell(sourceRef: string, target: 'istio' | 'envoy-gateway' | 'nginx') {
    return this.page.getByTestId(`portability-${sourceRef}`).first().locator(`[data-target="${target}"]`);
  }

  get channelSelect() {
    return this.page.getByRole('combobox', { name: 'Channel' });
  }

  diffMode(mode: 'Unified' | 'Side by side') {
    return this.page.getByRole('radio', { name: mode, exact: true });
  }

  get downloadLink() {
    return this.page.getByRole('link', { name: 'Download YAML bundle' });
  }

  /** "N new, N changed, N unchanged · N not carried over, N approximated". */
  get counts() {
    return this.page.getByTestId('routes-counts');
  }

  /** The card of one source, e.g. `VirtualService/bookinfo/ratings`. */
  source(ref: string) {
    return this.page.getByRole('article', { name: ref, exact: true });
  }

  get sources() {
    return this.page.getByRole('article');
  }

  /** One Istio rule row of a source, e.g. `spec.http[0]`. */
  rule(sourceRef: string, field: string) {
    return this.source(sourceRef).getByTestId(`rule-${field}`);
  }

  warnings(scope: Locator) {
    return scope.getByTestId('conversion-warning');
  }

  /** A generated object's collapsible diff, e.g. `HTTPRoute/bookinfo/ratings`. */
  output(sourceRef: string, outputRef: string) {
    return this.source(sourceRef).getByTestId(`output-${outputRef}`);
  }

  outputStatus(sourceRef: string, outputRef: string) {
    return this.output(sourceRef, outputRef).locator('summary [data-status]');
  }

  /** The labelled diff of a generated object against the cluster, in either mode. */
  diff(sourceRef: string, outputRef: string) {
    return this.output(sourceRef, outputRef).getByLabel(`Diff of ${outputRef}`, { exact: true });
  }

  unifiedDiff(sourceRef: string, outputRef: string) {
    return this.output(sourceRef, outputRef).getByTestId('diff-unified');
  }

  splitDiff(sourceRef: string, outputRef: string) {
    return this.output(sourceRef, outputRef).getByTestId('diff-split');
  }

  /** Cells of the side-by-side diff, row by row: even indexes are the cluster, odd ones the generated side. */
  splitCells(sourceRef: string, outputRef: string) {
    return this.splitDiff(sourceRef, outputRef).locator('[data-diff]');
  }
}
