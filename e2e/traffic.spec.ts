import { expect, test } from '@playwright/test';
import { AppShell } from './pages/app';
import { applyDemoYaml } from './pages/namespaces';
import { TopologyPage } from './pages/topology';

// The demo's simulated telemetry is refreshed every few seconds and read over a rate window.
const TRAFFIC_TIMEOUT = 60_000;

const restart = (name: string) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    `metadata: { name: ${name}, namespace: team-b }`,
    'spec:',
    '  template:',
    '    metadata:',
    '      labels: { sidecar.istio.io/inject: "false" }',
    `      annotations: { kubectl.kubernetes.io/restartedAt: "${new Date().toISOString()}" }`,
    '',
  ].join('\n');

test.describe('traffic on the demo', () => {
  test('the first view shows namespaces with the traffic between them, and reads at its default zoom', async ({
    page,
  }) => {
    const app = new AppShell(page);
    const topo = new TopologyPage(page);
    await topo.open();
    await expect(topo.stats).toContainText('one node per namespace');
    // The count is what is drawn (one node per namespace), with the workloads folded inside named apart.
    await expect(topo.stats).toContainText(`${await topo.nodes.count()} nodes (`);
    await expect(topo.stats).toContainText(/\(\d+ workloads and services in all\)/);
    await expect(page.getByTestId('telemetry-source')).toContainText('simulated by the demo cluster');
    const ingress = topo.edge('telemetry:ns:istio-system->ns:bookinfo');
    await expect(ingress).toHaveAttribute('data-reported-by', 'sidecar');
    await expect(topo.edgeLabel('telemetry:ns:istio-system->ns:bookinfo')).toHaveText(/\d+\.\d rps/);
    await expect(topo.edgeLabel('telemetry:ns:istio-system->ns:bookinfo')).toBeVisible();
    expect(await topo.trafficEdges.count()).toBeGreaterThan(3);
    // Legible without zooming: namespace names render at 12px or more on screen.
    const name = topo.node('ns:bookinfo').getByText('bookinfo', { exact: true });
    const height = await name.evaluate((el) => el.getBoundingClientRect().height);
    expect(height).toBeGreaterThanOrEqual(12);
    // Room is left for every label between namespaces: none lies over a namespace.
    expect(await topo.edgeLabelsOverNodes()).toEqual([]);
    expect(app.consoleErrors).toEqual([]);
  });

  test('go to a node expands its namespace and brings it into view', async ({ page }) => {
    const topo = new TopologyPage(page);
    await topo.open();
    await topo.goTo('ratings');
    await expect(page).toHaveURL(/focus=ratings/);
    await expect(topo.card('svc:bookinfo/ratings')).toBeInViewport({ timeout: 30_000 });
    await expect(topo.node('ns:shop').getByTestId('collapsed-namespace')).toBeAttached();
  });

  test('a namespace enrolled with a waypoint: its traffic turns from sidecar- to waypoint- and ztunnel-reported', async ({
    page,
    request,
  }) => {
    test.setTimeout(180_000);
    const app = new AppShell(page);
    const topo = new TopologyPage(page);
    await topo.open('ns=team-b');
    const webToApi = topo.edge('telemetry:wl:Deployment/team-b/web->svc:team-b/api');
    await expect(webToApi).toHaveAttribute('data-reported-by', 'sidecar');
    await expect(topo.edgeLabel('telemetry:wl:Deployment/team-b/web->svc:team-b/api')).toHaveText(
      /20\.0 rps/,
    );
    // The layout leaves room for every label: none lies over a node.
    expect(await topo.edgeLabelsOverNodes()).toEqual([]);

    await applyDemoYaml(
      request,
      [
        'apiVersion: gateway.networking.k8s.io/v1',
        'kind: Gateway',
        'metadata: { name: waypoint, namespace: team-b, labels: { istio.io/waypoint-for: service } }',
        'spec:',
        '  gatewayClassName: istio-waypoint',
        '  listeners: [{ name: mesh, port: 15008, protocol: HBONE }]',
        '---',
        'apiVersion: v1',
        'kind: Namespace',
        'metadata:',
        '  name: team-b',
        '  labels: { istio.io/dataplane-mode: ambient, istio.io/use-waypoint: waypoint }',
        '---',
        restart('web'),
        '---',
        restart('api'),
      ].join('\n'),
    );
    await expect(topo.card('wl:Deployment/team-b/web')).toHaveAttribute(
      'data-dataplane',
      /ztunnel|waypoint/,
      {
        timeout: TRAFFIC_TIMEOUT,
      },
    );
    await expect(webToApi).toHaveAttribute('data-reported-by', 'waypoint', { timeout: TRAFFIC_TIMEOUT });
    // ztunnel carries the hop from the waypoint to the pods, at L4.
    await expect(topo.edge('telemetry:wp:team-b/waypoint->svc:team-b/api')).toHaveAttribute(
      'data-reported-by',
      'ztunnel',
      { timeout: TRAFFIC_TIMEOUT },
    );
    expect(app.consoleErrors).toEqual([]);
  });
});
