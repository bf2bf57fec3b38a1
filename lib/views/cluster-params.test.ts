import { describe, expect, it } from 'vitest';
import { ClusterActionBody } from './cluster-params';

const reason = (body: unknown) => {
  const r = ClusterActionBody.safeParse(body);
  return r.success ? 'ok' : r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`.trim()).join('; ');
};

describe('ClusterActionBody', () => {
  it.each([
    [{ action: 'switch', source: 'demo' }, 'ok'],
    [{ action: 'switch', source: 'kube', context: 'prod' }, 'ok'],
    [{ action: 'readOnly', value: true }, 'ok'],
    [{}, 'action action must be switch or readOnly'],
    [{ action: 'frob' }, 'action action must be switch or readOnly'],
    [null, 'action must be switch or readOnly'],
    [{ action: 'readOnly', value: 'yes' }, 'value value must be true or false'],
    [{ action: 'switch', source: 'prod' }, 'source source must be demo or kube'],
    [{ action: 'switch', source: 'kube', context: '' }, 'context context must not be empty'],
  ])('%j: %s', (body, expected) => {
    expect(reason(body)).toBe(expected);
  });
});
