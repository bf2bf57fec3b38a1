import { describe, expect, it } from 'vitest';
import { parseRoutesParams } from './routes-params';

const reason = (q: string) => {
  const r = parseRoutesParams(new URLSearchParams(q));
  return r.success ? r.data : r.error.issues.map((i) => i.message).join('; ');
};

describe('parseRoutesParams', () => {
  it.each([
    ['namespace=shop', { namespace: 'shop', channel: 'standard', target: 'istio' }],
    [
      'namespace=shop&target=nginx&gatewayClass=edge',
      { namespace: 'shop', gatewayClass: 'edge', channel: 'standard', target: 'nginx' },
    ],
    ['', 'namespace is required'],
    ['namespace=Shop', 'namespace must be a DNS name'],
    ['namespace=shop&gatewayClass=A_B', 'gateway class must be a DNS name'],
  ])('%s', (q, expected) => {
    expect(reason(q)).toEqual(expected);
  });
});
