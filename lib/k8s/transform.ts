import type { KindKey } from './kinds';
import type { KubeObject } from './objects';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Copies the listed keys that are present. */
function pick(src: unknown, keys: readonly string[]): Obj | undefined {
  if (!isObj(src)) return undefined;
  const out: Obj = {};
  for (const k of keys) if (src[k] !== undefined) out[k] = src[k];
  return out;
}

function pickEach(list: unknown, keys: readonly string[]): Obj[] | undefined {
  if (!Array.isArray(list)) return undefined;
  return list.map((x) => pick(x, keys) ?? {});
}

// What the product reads of a container: sidecar detection, proxy role and version, sizing.
const CONTAINER = ['name', 'image', 'command', 'args', 'restartPolicy', 'resources', 'ports'] as const;
const POD_SPEC = ['hostNetwork', 'serviceAccountName', 'serviceAccount', 'nodeName'] as const;
const CONDITION = ['type', 'status', 'reason', 'message'] as const;
const CRD_VERSION = ['name', 'served', 'storage', 'deprecated'] as const;

// Environment variables read of containers: a proxy that asks an external signer for its
// certificate, istiod's and istio-csr's CA settings (the mesh CA detection), istiod's ambient switch.
export const ENV_READ: ReadonlySet<unknown> = new Set([
  'ISTIO_META_CERT_SIGNER',
  'TRUST_DOMAIN',
  'CA_ADDRESS',
  'ENABLE_CA_SERVER',
  'CA_TRUSTED_NODE_ACCOUNTS',
  'EXTERNAL_CA',
  'K8S_SIGNER',
  'PILOT_ENABLE_AMBIENT',
]);

function containers(list: unknown): Obj[] | undefined {
  if (!Array.isArray(list)) return undefined;
  return list.map((c) => {
    const out = pick(c, CONTAINER) ?? {};
    const env = isObj(c) && Array.isArray(c.env) ? c.env.filter((e) => isObj(e) && ENV_READ.has(e.name)) : [];
    if (env.length) out.env = pickEach(env, ['name', 'value']);
    return out;
  });
}

// Of the volumes, a CSI volume's driver: SPIRE's agent socket (csi.spiffe.io) marks a SPIRE-issued identity.
function csiVolumes(list: unknown): Obj[] {
  if (!Array.isArray(list)) return [];
  return list
    .filter((v) => isObj(v) && isObj(v.csi))
    .map((v) => ({ name: v.name, csi: pick(v.csi, ['driver']) }));
}

function podSpec(spec: unknown): Obj | undefined {
  if (!isObj(spec)) return undefined;
  const out = pick(spec, POD_SPEC) ?? {};
  const main = containers(spec.containers);
  const init = containers(spec.initContainers);
  const volumes = csiVolumes(spec.volumes);
  if (main) out.containers = main;
  if (init) out.initContainers = init;
  if (volumes.length) out.volumes = volumes;
  return out;
}

function podStatus(status: unknown): Obj | undefined {
  if (!isObj(status)) return undefined;
  const out = pick(status, ['phase', 'podIP']) ?? {};
  if (Array.isArray(status.conditions)) out.conditions = pickEach(status.conditions, CONDITION);
  return out;
}

function withFields(obj: KubeObject, fields: Obj): KubeObject {
  const out: KubeObject = { apiVersion: obj.apiVersion, kind: obj.kind, metadata: obj.metadata };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) (out as Obj)[k] = v;
  return out;
}

/**
 * A Deployment, StatefulSet or DaemonSet keeps its replicas, selector, template metadata and the
 * template's pod spec as a Pod keeps it, and its status without conditions; it loses the rollout
 * settings the API server defaults (strategy, revision history, deadlines) and the rest of the
 * template (other env, probes, volume mounts...).
 */
function workload(obj: KubeObject): KubeObject {
  const spec = isObj(obj.spec) ? obj.spec : {};
  const template = isObj(spec.template) ? spec.template : {};
  const { conditions: _conditions, ...status } = isObj(obj.status) ? obj.status : {};
  return withFields(obj, {
    spec: {
      ...pick(spec, ['replicas', 'selector']),
      template: { ...pick(template, ['metadata']), spec: podSpec(template.spec) },
    },
    status: isObj(obj.status) ? status : undefined,
  });
}

/**
 * Per-kind reducers applied before an object is cached (Kiali's cache transform): a Pod keeps its
 * metadata, container names/images/args/resources/ports, the environment variables and CSI volume
 * drivers the mesh CA detection reads, host network, service account, phase and conditions, and
 * loses the rest (other env, volumes, probes, container statuses...), which is most of its size at
 * 50,000 pods. Workloads and owned ReplicaSets are reduced too (below). Kinds without a reducer
 * are cached whole; `transform-equivalence.test.ts` checks that the product reads the same from
 * reduced objects as from whole ones.
 */
const REDUCERS: Partial<Record<KindKey, (obj: KubeObject) => KubeObject>> = {
  pods: (obj) => {
    const spec = podSpec(obj.spec);
    const status = podStatus(obj.status);
    // Written out whole when both are there (every pod an API server returns): one object with its
    // fields in place, not one grown field by field (which keeps a separate property store).
    return spec && status
      ? { apiVersion: obj.apiVersion, kind: obj.kind, metadata: obj.metadata, spec, status }
      : withFields(obj, { spec, status });
  },
  // A CRD is read for its name, annotations (Gateway API bundle version) and served versions; its
  // schemas (hundreds of KB for Istio's) are not.
  customresourcedefinitions: (obj) => {
    const spec = isObj(obj.spec) ? obj.spec : {};
    return withFields(obj, {
      spec: { ...pick(spec, ['group', 'names', 'scope']), versions: pickEach(spec.versions, CRD_VERSION) },
    });
  },
  deployments: workload,
  statefulsets: workload,
  daemonsets: workload,
  // A ReplicaSet owned by a Deployment is read for its owner and labels; one on its own is a workload.
  replicasets: (obj) => {
    if (!obj.metadata.ownerReferences?.length) return obj;
    const spec = isObj(obj.spec) ? obj.spec : {};
    const template = isObj(spec.template) ? spec.template : {};
    return withFields(obj, {
      spec: { ...pick(spec, ['replicas', 'selector']), template: pick(template, ['metadata']) },
      status: pick(obj.status, ['replicas', 'readyReplicas']),
    });
  },
};

/** The object as cached: reduced when its kind has a reducer, unchanged otherwise. */
export function reduceForCache(kind: KindKey, obj: KubeObject): KubeObject {
  const reduce = REDUCERS[kind];
  return reduce ? reduce(obj) : obj;
}
