import { describe, expect, it } from 'vitest';
import { usageFromSamples, usageQueries } from './usage';

describe('usage', () => {
  it('queries istio-proxy containers over the window', () => {
    const q = usageQueries('5m');
    expect(q.cpu).toContain('container_cpu_usage_seconds_total{container="istio-proxy"}[5m]');
    expect(q.memory).toContain('container_memory_working_set_bytes{container="istio-proxy"}[5m]');
  });

  it('reads cores as millicores and bytes per pod', () => {
    const u = usageFromSamples(
      [{ metric: { namespace: 'a', pod: 'p' }, value: [0, '0.025'] }],
      [
        { metric: { namespace: 'a', pod: 'p' }, value: [0, '52428800'] },
        { metric: { namespace: 'b', pod: 'q' }, value: [0, 'NaN'] },
      ],
    );
    expect(u.get('a/p')).toEqual({ cpuMillicores: 25, memoryBytes: 52428800 });
    expect(u.has('b/q')).toBe(false);
  });
});
