import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../k8s/objects';
import {
  ambientWanted,
  injectionRevision,
  injectSidecar,
  REDIRECTION,
  SIDECAR_STATUS,
  withRedirection,
} from './inject';

const ns = (labels: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'n', labels },
});

describe('injectionRevision', () => {
  it.each([
    ['istio-injection=enabled', { 'istio-injection': 'enabled' }, {}, {}, 'default'],
    ['istio.io/rev on the namespace', { 'istio.io/rev': 'canary' }, {}, {}, 'canary'],
    ['unlabelled namespace', {}, {}, {}, undefined],
    [
      'pod opts out by label',
      { 'istio-injection': 'enabled' },
      { 'sidecar.istio.io/inject': 'false' },
      {},
      undefined,
    ],
    [
      'namespace disabled beats pod rev',
      { 'istio-injection': 'disabled' },
      { 'istio.io/rev': 'default' },
      {},
      undefined,
    ],
    ['pod asks in an unlabelled namespace', {}, { 'sidecar.istio.io/inject': 'true' }, {}, 'default'],
    ['pod revision label', {}, { 'istio.io/rev': 'stable' }, {}, 'stable'],
    [
      'hostNetwork pods are never injected',
      { 'istio-injection': 'enabled' },
      {},
      { hostNetwork: true },
      undefined,
    ],
    ['ambient namespace without injection', { 'istio.io/dataplane-mode': 'ambient' }, {}, {}, undefined],
  ])('%s', (_name, nsLabels, podLabels, spec, expected) => {
    expect(injectionRevision(ns(nsLabels), { labels: podLabels }, spec)).toBe(expected);
  });

  it('honours the legacy inject annotation', () => {
    expect(
      injectionRevision(
        ns({ 'istio-injection': 'enabled' }),
        { annotations: { 'sidecar.istio.io/inject': 'false' } },
        {},
      ),
    ).toBe(undefined);
  });
});

const pod = (
  labels: Record<string, string> = {},
  annotations: Record<string, string> = {},
  spec: Record<string, unknown> = {},
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'n', labels, annotations },
  spec: { containers: [{ name: 'app', image: 'img' }], ...spec },
});

describe('ambientWanted', () => {
  it.each([
    ['namespace label', { 'istio.io/dataplane-mode': 'ambient' }, pod(), true],
    ['pod label in an unlabelled namespace', {}, pod({ 'istio.io/dataplane-mode': 'ambient' }), true],
    [
      'pod opts out',
      { 'istio.io/dataplane-mode': 'ambient' },
      pod({ 'istio.io/dataplane-mode': 'none' }),
      false,
    ],
    ['sidecar wins', { 'istio.io/dataplane-mode': 'ambient' }, pod({}, { [SIDECAR_STATUS]: '{}' }), false],
    ['hostNetwork', { 'istio.io/dataplane-mode': 'ambient' }, pod({}, {}, { hostNetwork: true }), false],
    ['no intent', {}, pod(), false],
  ])('%s', (_name, nsLabels, p, expected) => {
    expect(ambientWanted(ns(nsLabels), p)).toBe(expected);
  });
});

describe('injectSidecar', () => {
  it('adds the proxy, the validation init container, volumes, labels and the status annotation', () => {
    const out = injectSidecar(pod({ app: 'reviews', version: 'v2' }), 'default', 'reviews-v2');
    const spec = out.spec as {
      containers: { name: string }[];
      initContainers: { name: string }[];
      volumes: { name: string }[];
    };
    expect(spec.containers.map((c) => c.name)).toEqual(['app', 'istio-proxy']);
    expect(spec.initContainers.map((c) => c.name)).toEqual(['istio-validation']);
    const status = JSON.parse(out.metadata.annotations?.[SIDECAR_STATUS] ?? '{}') as {
      containers: string[];
      volumes: string[];
      revision: string;
    };
    expect(status.containers).toEqual(['istio-proxy']);
    expect(status.revision).toBe('default');
    expect(spec.volumes.map((v) => v.name)).toEqual(status.volumes);
    expect(out.metadata.labels).toMatchObject({
      'security.istio.io/tlsMode': 'istio',
      'service.istio.io/canonical-name': 'reviews',
      'service.istio.io/canonical-revision': 'v2',
    });
    expect(out.metadata.annotations?.['kubectl.kubernetes.io/default-container']).toBe('app');
  });
});

describe('withRedirection', () => {
  it('adds, removes, and returns the same object when nothing changes', () => {
    const p = pod();
    const on = withRedirection(p, true);
    expect(on.metadata.annotations?.[REDIRECTION]).toBe('enabled');
    expect(withRedirection(on, true)).toBe(on);
    expect(withRedirection(on, false).metadata.annotations?.[REDIRECTION]).toBeUndefined();
    expect(withRedirection(p, false)).toBe(p);
  });
});
