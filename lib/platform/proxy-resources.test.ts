import { describe, expect, it } from 'vitest';
import {
  ISTIO_PROXY_DEFAULT,
  sidecarResources,
  templateProxyResources,
  ZTUNNEL_DEFAULT,
} from './proxy-resources';
import { pod, ztunnelDaemonSet } from './testing';

const MI = 2 ** 20;

describe('sidecarResources', () => {
  it('reads the istio-proxy container', () => {
    const r = sidecarResources(
      pod('a', 'p', {
        sidecar: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
      }),
      true,
    );
    expect(r).toEqual({
      cpuRequestMillicores: 250,
      memoryRequestBytes: 256 * MI,
      cpuLimitMillicores: 1000,
      memoryLimitBytes: 512 * MI,
      source: 'container',
    });
  });

  it('reads the native-sidecar init container', () => {
    const r = sidecarResources(
      pod('a', 'p', { sidecar: { native: true, requests: { cpu: '50m', memory: '64Mi' } } }),
      true,
    );
    expect(r?.source).toBe('native-sidecar');
    expect(r?.cpuRequestMillicores).toBe(50);
    expect(r?.memoryRequestBytes).toBe(64 * MI);
  });

  it('falls back to the proxyCPU/proxyMemory annotations and their limit variants', () => {
    const r = sidecarResources(
      pod('a', 'p', {
        sidecar: {},
        annotations: {
          'sidecar.istio.io/proxyCPU': '300m',
          'sidecar.istio.io/proxyMemory': '200Mi',
          'sidecar.istio.io/proxyCPULimit': '2',
          'sidecar.istio.io/proxyMemoryLimit': '1Gi',
        },
      }),
      true,
    );
    expect(r).toEqual({
      cpuRequestMillicores: 300,
      memoryRequestBytes: 200 * MI,
      cpuLimitMillicores: 2000,
      memoryLimitBytes: 1024 * MI,
      source: 'annotations',
    });
  });

  it("uses Istio's defaults when nothing is set", () => {
    expect(sidecarResources(pod('a', 'p', { sidecar: {} }), true)).toEqual({
      ...ISTIO_PROXY_DEFAULT,
      source: 'istio-default',
    });
  });

  it('is undefined for a pod without a sidecar', () => {
    expect(sidecarResources(pod('a', 'p'), false)).toBeUndefined();
  });
});

describe('templateProxyResources', () => {
  it('reads the template, else the default', () => {
    expect(
      templateProxyResources(ztunnelDaemonSet(3, { cpu: '500m', memory: '1Gi' }), ZTUNNEL_DEFAULT)
        .cpuRequestMillicores,
    ).toBe(500);
    const d = templateProxyResources(ztunnelDaemonSet(3), ZTUNNEL_DEFAULT);
    expect(d.source).toBe('istio-default');
    expect(d.memoryRequestBytes).toBe(512 * MI);
  });
});
