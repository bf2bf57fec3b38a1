import { describe, expect, it } from 'vitest';
import type { IstioHTTPRoute } from '../model/istio/spec';
import { createContext } from './context';
import { buildLookup } from './lookup';
import { retryOf, timeoutsOf } from './policies';

function run(rule: IstioHTTPRoute, channel: 'standard' | 'experimental' = 'standard') {
  const ctx = createContext(buildLookup({}, { channel }), 'ns', 'VirtualService/ns/vs');
  return {
    timeouts: timeoutsOf(rule, 'spec.http[0]', ctx),
    retry: retryOf(rule, 'spec.http[0]', ctx),
    warnings: ctx.warnings.map((w) => `${w.severity} ${w.field} ${w.code}`),
  };
}

describe('timeout and retries', () => {
  it('timeout becomes timeouts.request', () =>
    expect(run({ timeout: '1.5s' }).timeouts).toEqual({ request: '1s500ms' }));

  it('perTryTimeout becomes timeouts.backendRequest with the experimental retry', () => {
    const r = run({ timeout: '6s', retries: { attempts: 3, perTryTimeout: '2s' } }, 'experimental');
    expect(r.timeouts).toEqual({ request: '6s', backendRequest: '2s' });
    expect(r.retry).toEqual({ attempts: 3 });
  });

  it('on the standard channel perTryTimeout is dropped: Istio reads backendRequest alone as the route timeout', () => {
    const r = run({ timeout: '6s', retries: { attempts: 3, perTryTimeout: '2s' } });
    expect(r.timeouts).toEqual({ request: '6s' });
    expect(r.retry).toBeUndefined();
    expect(r.warnings).toEqual([
      'warning spec.http[0].retries.perTryTimeout per-try-timeout-dropped',
      'warning spec.http[0].retries retries-experimental',
    ]);
  });

  it('a perTryTimeout above the timeout is lowered to it', () => {
    const r = run({ timeout: '1s', retries: { attempts: 2, perTryTimeout: '5s' } }, 'experimental');
    expect(r.timeouts).toEqual({ request: '1s', backendRequest: '1s' });
    expect(r.warnings).toContain('warning spec.http[0].retries.perTryTimeout per-try-timeout-clamped');
  });

  it('retries become the experimental retry field', () => {
    const r = run(
      {
        retries: {
          attempts: 3,
          retryOn: 'gateway-error,503,connect-failure,retriable-4xx',
          backoff: '250ms',
        },
      },
      'experimental',
    );
    expect(r.retry).toEqual({ attempts: 3, backoff: '250ms', codes: [409, 502, 503, 504] });
    expect(r.warnings).toEqual(['info spec.http[0].retries.retryOn retry-on']);
  });

  it('attempts 0 cannot be expressed', () => {
    const r = run({ retries: { attempts: 0 } }, 'experimental');
    expect(r.retry).toBeUndefined();
    expect(r.warnings).toEqual(['info spec.http[0].retries.attempts retries-disabled']);
  });

  it('invalid durations are reported', () => {
    expect(run({ timeout: 'soon' }).warnings).toEqual(['warning spec.http[0].timeout invalid-duration']);
  });
});
