import { expect, type Page } from '@playwright/test';

/** Legend labels of the data-plane filter checkboxes ("Show <label>"). */
const DATAPLANE_LABEL = {
  sidecar: 'Sidecar',
  ztunnel: 'ztunnel (ambient L4)',
  'waypoint-covered': 'Behind a waypoint (L7)',
  pending: 'Ambient pending',
  mixed: 'Mixed',
  none: 'Outside the mesh',
} as const;

export type GraphDataplane = keyof typeof DATAPLANE_LABEL;

/** The server lays the graph out per filter set; on a busy machine a full layout takes seconds. */
export const GRAPH_TIMEOUT = 30_000;

/** The topology graph: React Flow nodes by `data-id`, filters, search and the side panel. */
export class TopologyPage {
  constructor(readonly page: Page) {}

  /** Opens the page; `query` is the page's own query string (`ns=bookinfo`, `q=reviews`). */
  async open(query = '') {
    await this.page.goto(query ? `/topology?${query}` : '/topology');
    await expect(this.page.getByRole('heading', { level: 1, name: 'Topology' })).toBeVisible();
    await this.waitForGraph();
  }

  /** Waits until the graph stats are shown and React Flow has drawn at least one node. */
  async waitForGraph() {
    await expect(this.stats).toBeVisible({ timeout: GRAPH_TIMEOUT });
    await this.settled();
    await expect(this.nodes.first()).toBeAttached();
  }

  /** Waits until no graph request is in flight (the previous graph stays drawn meanwhile). */
  async settled() {
    await expect(this.page.getByText('updating…')).toBeHidden({ timeout: GRAPH_TIMEOUT });
  }

  get canvas() {
    return this.page.getByTestId('topology-canvas');
  }

  /** "N nodes (W workloads and services in all), M edges · layout …" above the graph. */
  get stats() {
    return this.page.getByTestId('graph-stats');
  }

  /** Every React Flow node (groups included). */
  get nodes() {
    return this.canvas.locator('[aria-roledescription="node"][data-id]');
  }

  /** A React Flow node by graph id, e.g. `wl:Deployment/bookinfo/productpage-v1`. */
  node(id: string) {
    return this.canvas.locator(`[aria-roledescription="node"][data-id="${id}"]`);
  }

  /** The card inside a node; carries `data-dataplane` and `data-type`. */
  card(id: string) {
    return this.node(id).getByTestId('graph-node');
  }

  async expectDataplane(id: string, value: GraphDataplane) {
    await expect(this.card(id)).toHaveAttribute('data-dataplane', value);
  }

  /** Waits for a filter change to take a node off the graph, then for the request to finish. */
  async expectGone(id: string) {
    await expect(this.node(id)).toHaveCount(0, { timeout: GRAPH_TIMEOUT });
    await this.settled();
  }

  /** Graph ids of every node currently drawn. */
  async nodeIds(): Promise<string[]> {
    return this.nodes.evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));
  }

  dataplaneFilter(d: GraphDataplane) {
    return this.page.getByRole('checkbox', { name: `Show ${DATAPLANE_LABEL[d]}`, exact: true });
  }

  get searchBox() {
    return this.page.getByRole('searchbox', { name: 'Search the graph' });
  }

  async search(text: string) {
    await this.searchBox.fill(text);
    await this.searchBox.press('Enter');
  }

  /** Opens the namespace picker and ticks one namespace. */
  async chooseNamespace(ns: string) {
    await this.page
      .locator('summary')
      .filter({ hasText: /^Namespaces/ })
      .click();
    const picker = this.page.getByRole('group', { name: 'Namespaces' });
    // Controlled by the URL: the box ticks once the router has applied the new filter.
    await picker.getByRole('checkbox', { name: ns, exact: true }).click();
    await expect(this.page).toHaveURL(new RegExp(`[?&]ns=[^&]*${ns}`));
  }

  /** Clicks the title bar of an expanded namespace group. */
  async clickNamespaceGroup(ns: string) {
    await this.node(`ns:${ns}`).getByTestId('namespace-group').getByText(ns, { exact: true }).click();
  }

  /** A React Flow edge by graph id, e.g. `telemetry:wl:Deployment/bookinfo/productpage-v1->svc:bookinfo/reviews`. */
  edge(id: string) {
    return this.canvas.locator(`[aria-roledescription="edge"][data-id="${id}"]`);
  }

  /** The label of an edge (rates, weight), drawn above the nodes. */
  edgeLabel(id: string) {
    return this.canvas.locator(`[data-edge-label="${id}"]`);
  }

  /** Edge labels that overlap a node on screen (namespace and platform frames aside), as `label|node`. */
  async edgeLabelsOverNodes(): Promise<string[]> {
    return this.canvas.evaluate((canvas) => {
      const nodes = [...canvas.querySelectorAll<HTMLElement>('.react-flow__node')].filter(
        (n) => !n.matches('.react-flow__node-group, .react-flow__node-platformFrame'),
      );
      const out: string[] = [];
      for (const l of canvas.querySelectorAll<HTMLElement>('[data-edge-label]')) {
        const a = l.getBoundingClientRect();
        for (const n of nodes) {
          const b = n.getBoundingClientRect();
          if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
            out.push(`${l.dataset.edgeLabel}|${n.dataset.id}`);
        }
      }
      return out;
    });
  }

  /** Observed-traffic edges currently drawn. */
  get trafficEdges() {
    return this.canvas.locator('[aria-roledescription="edge"][data-origin="telemetry"]');
  }

  get detailLevel() {
    return this.page.getByRole('combobox', { name: 'Level of detail' });
  }

  get goToBox() {
    return this.page.getByRole('searchbox', { name: 'Go to a node' });
  }

  async goTo(text: string) {
    await this.goToBox.fill(text);
    await this.goToBox.press('Enter');
  }

  /** The canvas layer a large graph is drawn on. */
  get canvasLayer() {
    return this.page.getByTestId('topology-canvas-layer');
  }

  /** The viewport transform the canvas layer last drew with, once it stops changing. */
  async restingViewport(): Promise<string> {
    let last = '';
    await expect
      .poll(
        async () => {
          const now = (await this.canvasLayer.getAttribute('data-viewport')) ?? '';
          const same = now !== '' && now === last;
          last = now;
          return same;
        },
        { intervals: [300], timeout: GRAPH_TIMEOUT },
      )
      .toBe(true);
    return last;
  }

  /** The keyboard list of a graph drawn on the canvas: one button per node. */
  listedNode(name: RegExp) {
    return this.page.getByTestId('graph-node-list').getByRole('button', { name });
  }

  /**
   * Clicks where the canvas layer draws a node: its layout box (from `/api/topology` with the
   * page's query) through the viewport transform the layer reports.
   */
  async clickDrawn(query: string, id: string) {
    const res = await this.page.request.get(`/api/topology?${query}`);
    expect(res.ok()).toBe(true);
    const view = (await res.json()) as {
      layout: {
        positions: Record<string, { x: number; y: number }>;
        sizes: Record<string, { width: number; height: number }>;
      };
    };
    const p = view.layout.positions[id];
    const s = view.layout.sizes[id];
    if (!p || !s) throw new Error(`${id} is not in the layout`);
    const viewport = await this.restingViewport();
    const [tx = 0, ty = 0, zoom = 1] = viewport.split(' ').map(Number);
    const box = await this.canvasLayer.boundingBox();
    if (!box) throw new Error('no canvas layer');
    await this.page.mouse.click(
      box.x + tx + (p.x + s.width / 2) * zoom,
      box.y + ty + (p.y + s.height / 2) * zoom,
    );
  }

  get sidePanel() {
    return this.page.getByRole('complementary', { name: 'Node details' });
  }
}
