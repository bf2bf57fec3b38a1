import type { ResourceSet } from '../cluster/snapshot';
import type { KubeObject } from '../k8s/objects';
import { objectRef } from '../k8s/objects';
import { arr, num, rec, str } from '../mesh/fields';
import { GATEWAY_BUNDLE_VERSION_ANNOTATION } from '../mesh/labels';
import { detectMeshCa, type SecretsUnreadable } from '../platform/mesh-ca';
import { compareVersions, containersOf, imageTag, isSidecarPod, parseVersion } from './resources';
import type { FindingSeverity } from './types';

/** One cluster-wide precondition of ambient mode. */
export interface ClusterCheck {
  id: string;
  name: string;
  ok: boolean;
  /** How much a failed check matters. */
  severity: FindingSeverity;
  message: string;
  fix: string;
}

/** First Istio release where ambient mode is generally available. */
export const AMBIENT_GA = [1, 24, 0] as const;
/** Releases before this lack features the migration guide relies on (waypoint policy attachment, sidecar interop). */
export const AMBIENT_RECOMMENDED = [1, 26, 0] as const;
/** Oldest Gateway API bundle Istio's waypoints and the generated routes need. */
export const GATEWAY_API_MIN = [1, 2, 0] as const;

const v3 = (v: readonly [number, number, number]): [number, number, number] => [v[0], v[1], v[2]];
const fmt = (v: readonly number[]) => v.join('.');

interface Istiod {
  object: KubeObject;
  version?: [number, number, number];
  ambient: boolean;
}

/** istiod Deployments (any revision), their version (from the image tag) and whether ambient is enabled. */
export function findIstiods(resources: ResourceSet): Istiod[] {
  return resources.deployments
    .filter(
      (d) =>
        d.metadata.labels?.app === 'istiod' ||
        d.metadata.name === 'istiod' ||
        d.metadata.name.startsWith('istiod-'),
    )
    .map((d) => {
      const containers = containersOf(rec(rec(rec(d.spec)?.template)?.spec));
      const discovery = containers.find((c) => str(c.name) === 'discovery') ?? containers[0];
      const env = arr(discovery?.env).map((e) => rec(e));
      const ambient = env.some((e) => str(e?.name) === 'PILOT_ENABLE_AMBIENT' && str(e?.value) === 'true');
      return { object: d, version: parseVersion(imageTag(str(discovery?.image))), ambient };
    })
    .sort((a, b) => objectRef(a.object).localeCompare(objectRef(b.object)));
}

function daemonSetReady(ds: KubeObject): { ready: boolean; detail: string } {
  const s = rec(ds.status);
  const desired = num(s?.desiredNumberScheduled);
  const ready = num(s?.numberReady);
  if (desired === undefined) return { ready: false, detail: 'no status reported yet' };
  return { ready: desired > 0 && ready === desired, detail: `${ready ?? 0}/${desired} pods ready` };
}

function daemonSetCheck(
  resources: ResourceSet,
  id: string,
  name: string,
  match: (ds: KubeObject) => boolean,
  fix: string,
): ClusterCheck {
  const ds = resources.daemonsets.find(match);
  if (!ds) return { id, name, ok: false, severity: 'blocker', message: `no ${name} DaemonSet found`, fix };
  const { ready, detail } = daemonSetReady(ds);
  return {
    id,
    name,
    ok: ready,
    severity: 'blocker',
    message: `${objectRef(ds)}: ${detail}`,
    fix: ready
      ? ''
      : `Check the ${name} pods: kubectl -n ${ds.metadata.namespace} get pods -l ${Object.entries(ds.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`)[0] ?? ''}`,
  };
}

function istiodChecks(resources: ResourceSet): ClusterCheck[] {
  const istiods = findIstiods(resources);
  if (istiods.length === 0) {
    return [
      {
        id: 'istiod',
        name: 'istiod',
        ok: false,
        severity: 'blocker',
        message: 'no istiod Deployment found',
        fix: 'Install Istio with the ambient profile: istioctl install --set profile=ambient',
      },
    ];
  }
  const ambient = istiods.filter((i) => i.ambient);
  const checks: ClusterCheck[] = [
    {
      id: 'istiod-ambient',
      name: 'istiod with ambient enabled',
      ok: ambient.length > 0,
      severity: 'blocker',
      message:
        ambient.length > 0
          ? `${ambient.map((i) => objectRef(i.object)).join(', ')} run with PILOT_ENABLE_AMBIENT=true`
          : `${istiods.map((i) => objectRef(i.object)).join(', ')} run without PILOT_ENABLE_AMBIENT=true`,
      fix: 'Upgrade istiod to the ambient profile: istioctl upgrade --set profile=ambient (or helm upgrade istiod istio/istiod --set profile=ambient)',
    },
  ];
  const versions = (ambient.length ? ambient : istiods).map((i) => i.version).filter((v) => v !== undefined);
  const newest = versions.sort(compareVersions).at(-1);
  if (!newest) {
    checks.push({
      id: 'istio-version',
      name: 'Istio version',
      ok: false,
      severity: 'warning',
      message: 'Istio version unknown (istiod image has no version tag)',
      fix: `Make sure Istio is ${fmt(AMBIENT_GA)} or newer.`,
    });
  } else if (compareVersions(newest, v3(AMBIENT_GA)) < 0) {
    checks.push({
      id: 'istio-version',
      name: 'Istio version',
      ok: false,
      severity: 'blocker',
      message: `Istio ${fmt(newest)} predates ambient GA (${fmt(AMBIENT_GA)})`,
      fix: `Upgrade Istio to ${fmt(AMBIENT_RECOMMENDED)} or newer before migrating.`,
    });
  } else if (compareVersions(newest, v3(AMBIENT_RECOMMENDED)) < 0) {
    checks.push({
      id: 'istio-version',
      name: 'Istio version',
      ok: false,
      severity: 'warning',
      message: `Istio ${fmt(newest)} supports ambient, but the migration guide's policy and sidecar-interop features need ${fmt(AMBIENT_RECOMMENDED)}+`,
      fix: `Upgrade Istio to ${fmt(AMBIENT_RECOMMENDED)} or newer.`,
    });
  } else {
    checks.push({
      id: 'istio-version',
      name: 'Istio version',
      ok: true,
      severity: 'info',
      message: `Istio ${fmt(newest)}`,
      fix: '',
    });
  }
  return checks;
}

function crdBundleVersion(crd: KubeObject): [number, number, number] | undefined {
  return parseVersion(crd.metadata.annotations?.[GATEWAY_BUNDLE_VERSION_ANNOTATION]);
}

const REQUIRED_GATEWAY_CRDS = ['gatewayclasses', 'gateways', 'httproutes'];

function gatewayApiCheck(resources: ResourceSet): ClusterCheck {
  const fix =
    'Install the Gateway API CRDs (standard channel, v1.2.0 or newer): kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/<version>/standard-install.yaml';
  const crds = resources.customresourcedefinitions.filter((c) =>
    c.metadata.name.endsWith('.gateway.networking.k8s.io'),
  );
  const missing = REQUIRED_GATEWAY_CRDS.filter(
    (p) => !crds.some((c) => c.metadata.name === `${p}.gateway.networking.k8s.io`),
  );
  const base = { id: 'gateway-api-crds', name: 'Gateway API CRDs' };
  if (missing.length > 0) {
    return {
      ...base,
      ok: false,
      severity: 'blocker',
      message: `missing CRDs: ${missing.map((p) => `${p}.gateway.networking.k8s.io`).join(', ')}`,
      fix,
    };
  }
  const versions = crds
    .map(crdBundleVersion)
    .filter((v) => v !== undefined)
    .sort(compareVersions);
  const oldest = versions[0];
  if (!oldest)
    return {
      ...base,
      ok: false,
      severity: 'warning',
      message: `CRDs have no ${GATEWAY_BUNDLE_VERSION_ANNOTATION} annotation: version unknown`,
      fix,
    };
  if (compareVersions(oldest, v3(GATEWAY_API_MIN)) < 0) {
    return {
      ...base,
      ok: false,
      severity: 'blocker',
      message: `Gateway API bundle v${fmt(oldest)} is older than v${fmt(GATEWAY_API_MIN)}`,
      fix,
    };
  }
  return { ...base, ok: true, severity: 'info', message: `Gateway API bundle v${fmt(oldest)}`, fix: '' };
}

function sidecarVersionCheck(resources: ResourceSet): ClusterCheck {
  const target = findIstiods(resources)
    .filter((i) => i.ambient)
    .map((i) => i.version)
    .filter((v) => v !== undefined)
    .sort(compareVersions)
    .at(-1);
  const base = { id: 'sidecar-hbone', name: 'Sidecars speak HBONE' };
  if (!target)
    return {
      ...base,
      ok: true,
      severity: 'info',
      message: 'no ambient-capable istiod version known; nothing compared',
      fix: '',
    };
  const stale = resources.pods.filter((p) => {
    if (!isSidecarPod(p)) return false;
    const proxy = containersOf(rec(p.spec)).find((c) => str(c.name) === 'istio-proxy');
    const v = parseVersion(imageTag(str(proxy?.image)));
    return v !== undefined && compareVersions(v, target) < 0;
  });
  if (stale.length === 0)
    return {
      ...base,
      ok: true,
      severity: 'info',
      message: `all sidecars run proxy ${fmt(target)} or newer`,
      fix: '',
    };
  const namespaces = [...new Set(stale.map((p) => p.metadata.namespace ?? ''))].sort();
  return {
    ...base,
    ok: false,
    severity: 'warning',
    message: `${stale.length} sidecar pod(s) in ${namespaces.join(', ')} run a proxy older than istiod ${fmt(target)} and cannot talk HBONE to ambient pods`,
    fix: `Restart them so they get the current proxy: kubectl rollout restart deployment -n <namespace> (namespaces: ${namespaces.join(', ')})`,
  };
}

/**
 * Cluster-wide preconditions of ambient mode: istiod with ambient enabled, a supported Istio version,
 * ztunnel and istio-cni DaemonSets ready, Gateway API CRDs of a recent enough bundle, and sidecars
 * new enough to speak HBONE. Pure; the order is stable.
 */
export function clusterChecks(resources: ResourceSet, unreadable?: SecretsUnreadable): ClusterCheck[] {
  return [
    ...istiodChecks(resources),
    daemonSetCheck(
      resources,
      'ztunnel',
      'ztunnel',
      (ds) => ds.metadata.labels?.app === 'ztunnel' || ds.metadata.name === 'ztunnel',
      'Install ztunnel: istioctl upgrade --set profile=ambient (or helm install ztunnel istio/ztunnel -n istio-system)',
    ),
    daemonSetCheck(
      resources,
      'istio-cni',
      'istio-cni',
      (ds) => ds.metadata.labels?.['k8s-app'] === 'istio-cni-node' || ds.metadata.name === 'istio-cni-node',
      'Install the Istio CNI node agent with ambient enabled: helm install istio-cni istio/cni -n istio-system --set profile=ambient',
    ),
    gatewayApiCheck(resources),
    sidecarVersionCheck(resources),
    meshCaCheck(resources, unreadable),
  ];
}

function meshCaCheck(resources: ResourceSet, unreadable?: SecretsUnreadable): ClusterCheck {
  const ca = detectMeshCa(resources, unreadable);
  return {
    id: 'mesh-ca',
    name: 'Mesh CA',
    ok: ca.ambientOk,
    severity: ca.severity,
    message: `${ca.summary}: ${ca.message}`,
    fix: ca.fix,
  };
}
