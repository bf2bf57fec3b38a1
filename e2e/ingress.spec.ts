import { expect, test } from '@playwright/test';
import { RoutesPage } from './pages/routes';

test.describe('Ingresses on the Routes page', () => {
  test('an ingress-nginx Ingress sits beside its Gateway API form, with target policies and portability', async ({
    page,
    request,
  }) => {
    // The first request starts the demo cluster.
    await expect
      .poll(async () => (await request.get('/api/routes?namespace=webshop')).status(), { timeout: 90_000 })
      .toBe(200);
    const routes = new RoutesPage(page);
    await routes.open('webshop', '', 60_000);
    await expect(routes.namespaceSelect).toHaveValue('webshop');

    const web = 'Ingress/webshop/web';
    await expect(routes.source(web)).toBeVisible();
    await expect(routes.source(web).getByRole('columnheader', { name: 'Ingress rule' })).toBeVisible();
    await expect(routes.rule(web, 'spec.rules[0]')).toContainText('HTTPRoute/webshop/web');
    await expect(routes.outputStatus(web, 'Gateway/webshop/ingress-nginx')).toHaveText('new');
    await expect(routes.diff(web, 'HTTPRoute/webshop/web')).toContainText('weight: 10');
    // Istio has no body-size limit: said, at the annotation.
    const bodySize = routes.warnings(routes.source(web)).filter({ hasText: 'largest request body' });
    await expect(bodySize).toHaveAttribute('data-severity', 'error');
    await expect(bodySize).toHaveAttribute(
      'data-field',
      'metadata.annotations["nginx.ingress.kubernetes.io/proxy-body-size"]',
    );

    // Envoy Gateway carries it as its own policy, with its own GatewayClass.
    await routes.targetSelect.selectOption('envoy-gateway');
    await expect(routes.gatewayClassSelect).toHaveValue('eg');
    await expect(routes.output(web, 'BackendTrafficPolicy/webshop/web')).toBeVisible();
    await expect(routes.diff(web, 'BackendTrafficPolicy/webshop/web')).toContainText('limit: 8Mi');
    await expect(
      routes.warnings(routes.source(web)).filter({ hasText: 'largest request body' }),
    ).toHaveAttribute('data-severity', 'info');

    await routes.openPortability();
    await expect(routes.portabilityCell(web, 'istio')).toHaveAttribute('data-status', 'cannot');
    await expect(routes.portabilityCell(web, 'envoy-gateway')).toHaveAttribute('data-status', 'policy');
    await expect(routes.portabilityCell('Ingress/webshop/shop-legacy', 'nginx')).toHaveAttribute(
      'data-status',
      'standard',
    );
    await page.getByRole('button', { name: 'Whole cluster' }).click();
    await expect(page.getByRole('table', { name: 'Portability of the whole cluster' })).toContainText(
      'VirtualService/bookinfo/reviews',
    );
  });
});
