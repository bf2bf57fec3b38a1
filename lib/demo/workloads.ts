/** Simulated kube-controller-manager: Deployments → ReplicaSets → Pods, StatefulSets, DaemonSets. */
import type { KubeObject } from '../k8s/objects';
import { templateHash } from './ids';
import {
  buildPod,
  type ControllerContext,
  isPodReady,
  MANAGERS,
  ownerRef,
  type PodTemplate,
  podsOf,
  sidecarOverride,
} from './pods';

const HASH = 'pod-template-hash';
const REVISION = 'deployment.kubernetes.io/revision';
const M = MANAGERS.controllers;

interface WorkloadSpec {
  replicas?: number;
  selector?: { matchLabels?: Record<string, string> };
  template?: PodTemplate;
  serviceName?: string;
}

function specOf(o: KubeObject): WorkloadSpec {
  return (o.spec ?? {}) as WorkloadSpec;
}

function withStatus(o: KubeObject, status: Record<string, unknown>): KubeObject {
  return { ...o, status: { ...(o.status ?? {}), ...status } };
}

function revisionOf(rs: KubeObject): number {
  return Number(rs.metadata.annotations?.[REVISION] ?? 0);
}

// Annotations a Deployment passes down to its ReplicaSets (kubectl's bookkeeping stays behind).
function copiedAnnotations(d: KubeObject): Record<string, string> {
  const out = { ...(d.metadata.annotations ?? {}) };
  delete out['kubectl.kubernetes.io/last-applied-configuration'];
  delete out[REVISION];
  return out;
}

/** One ReplicaSet per pod template; the old ones are scaled to 0 once the new pods are ready. */
export function reconcileDeployments(ctx: ControllerContext): boolean {
  const { store } = ctx;
  let changed = false;
  for (const d of store.list('deployments')) {
    const spec = specOf(d);
    const replicas = spec.replicas ?? 1;
    const template = spec.template ?? {};
    const hash = templateHash(template);
    const owned = store.ownedBy('replicasets', d.metadata.uid);
    const maxRev = Math.max(0, ...owned.map(revisionOf));
    let current = owned.find((rs) => rs.metadata.labels?.[HASH] === hash);
    const rev = current && revisionOf(current) === maxRev ? maxRev : maxRev + 1;
    const labels = { ...(template.metadata?.labels ?? {}), [HASH]: hash };
    const desired: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      ...current,
      metadata: {
        ...(current?.metadata ?? {}),
        name: current?.metadata.name ?? `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        labels,
        annotations: {
          ...copiedAnnotations(d),
          [REVISION]: String(rev),
          'deployment.kubernetes.io/desired-replicas': String(replicas),
        },
        ownerReferences: [ownerRef(d)],
      },
      spec: {
        replicas,
        selector: { matchLabels: { ...(spec.selector?.matchLabels ?? {}), [HASH]: hash } },
        template: { metadata: { ...template.metadata, labels }, spec: template.spec ?? {} },
      },
    };
    changed = store.writeIfChanged('replicasets', desired, M) || changed;
    current = store.get('replicasets', d.metadata.namespace, desired.metadata.name) ?? desired;
    const newPods = podsOf(store, current);
    const newReady = newPods.filter(isPodReady).length;
    for (const old of owned) {
      if (old.metadata.uid === current.metadata.uid || (specOf(old).replicas ?? 0) === 0) continue;
      if (newReady >= replicas) {
        changed =
          store.writeIfChanged('replicasets', { ...old, spec: { ...old.spec, replicas: 0 } }, M) || changed;
      }
    }
    const all = owned
      .filter((rs) => rs.metadata.uid !== current.metadata.uid)
      .flatMap((rs) => podsOf(store, rs));
    const total = [...all, ...newPods];
    const ready = total.filter(isPodReady).length;
    const available = ready >= replicas ? 'True' : 'False';
    const status = {
      observedGeneration: d.metadata.generation ?? 1,
      replicas: total.length,
      updatedReplicas: newPods.length,
      readyReplicas: ready,
      availableReplicas: ready,
      ...(total.length > ready
        ? { unavailableReplicas: total.length - ready }
        : { unavailableReplicas: undefined }),
      conditions: [
        {
          type: 'Available',
          status: available,
          reason: available === 'True' ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
        },
        {
          type: 'Progressing',
          status: 'True',
          reason: newReady >= replicas ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated',
        },
      ],
    };
    const next = withStatus(d, status);
    next.metadata = {
      ...d.metadata,
      annotations: { ...(d.metadata.annotations ?? {}), [REVISION]: String(rev) },
    };
    changed = store.writeIfChanged('deployments', next, M) || changed;
  }
  return changed;
}

/** Keeps each ReplicaSet's pod count at its replicas. Surplus pods go not-ready first, then newest. */
export function reconcileReplicaSets(ctx: ControllerContext): boolean {
  const { store } = ctx;
  let changed = false;
  for (const rs of store.list('replicasets')) {
    const want = specOf(rs).replicas ?? 1;
    let pods = podsOf(store, rs);
    const workload = rs.metadata.ownerReferences?.[0]?.name ?? rs.metadata.name;
    for (let i = pods.length; i < want; i++) {
      const pod = buildPod(ctx, {
        owner: rs,
        template: specOf(rs).template ?? {},
        name: `${rs.metadata.name}-${store.ids.suffix()}`,
        workload,
        sidecar: sidecarOverride(ctx, rs, i),
      });
      store.write('pods', pod, M);
      changed = true;
    }
    if (pods.length > want) {
      const byVictim = [...pods].sort(
        (a, b) =>
          Number(isPodReady(a)) - Number(isPodReady(b)) ||
          (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') ||
          b.metadata.name.localeCompare(a.metadata.name),
      );
      for (const p of byVictim.slice(0, pods.length - want))
        store.remove('pods', p.metadata.namespace, p.metadata.name);
      changed = true;
    }
    pods = podsOf(store, rs);
    const ready = pods.filter(isPodReady).length;
    const status = {
      replicas: pods.length,
      fullyLabeledReplicas: pods.length,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: rs.metadata.generation ?? 1,
    };
    changed = store.writeIfChanged('replicasets', withStatus(rs, status), M) || changed;
  }
  return changed;
}

/** Pods name-0..n-1; an outdated pod is replaced one at a time, highest ordinal first, once all are ready. */
export function reconcileStatefulSets(ctx: ControllerContext): boolean {
  const { store } = ctx;
  let changed = false;
  for (const sts of store.list('statefulsets')) {
    const spec = specOf(sts);
    const want = spec.replicas ?? 1;
    const name = sts.metadata.name;
    const revision = `${name}-${templateHash(spec.template ?? {})}`;
    const owned = () => podsOf(store, sts);
    for (const p of owned()) {
      const ordinal = Number(p.metadata.labels?.['apps.kubernetes.io/pod-index'] ?? -1);
      if (ordinal >= want) {
        store.remove('pods', p.metadata.namespace, p.metadata.name);
        changed = true;
      }
    }
    for (let i = 0; i < want; i++) {
      if (store.get('pods', sts.metadata.namespace, `${name}-${i}`)) continue;
      const pod = buildPod(ctx, {
        owner: sts,
        template: spec.template ?? {},
        name: `${name}-${i}`,
        workload: name,
        extraLabels: {
          'controller-revision-hash': revision,
          'statefulset.kubernetes.io/pod-name': `${name}-${i}`,
          'apps.kubernetes.io/pod-index': String(i),
        },
        extraSpec: { hostname: `${name}-${i}`, ...(spec.serviceName ? { subdomain: spec.serviceName } : {}) },
        sidecar: sidecarOverride(ctx, sts, i),
      });
      store.write('pods', pod, M);
      changed = true;
    }
    changed = replaceOneOutdated(ctx, owned(), revision) || changed;
    const pods = owned();
    const ready = pods.filter(isPodReady).length;
    const updated = pods.filter((p) => p.metadata.labels?.['controller-revision-hash'] === revision).length;
    const status = {
      observedGeneration: sts.metadata.generation ?? 1,
      replicas: pods.length,
      readyReplicas: ready,
      availableReplicas: ready,
      currentReplicas: updated,
      updatedReplicas: updated,
      currentRevision: revision,
      updateRevision: revision,
      collisionCount: 0,
    };
    changed = store.writeIfChanged('statefulsets', withStatus(sts, status), M) || changed;
  }
  return changed;
}

/** One pod per node; outdated pods are replaced one at a time once all are ready. */
export function reconcileDaemonSets(ctx: ControllerContext): boolean {
  const { store } = ctx;
  let changed = false;
  for (const ds of store.list('daemonsets')) {
    const spec = specOf(ds);
    const revision = templateHash(spec.template ?? {});
    const pods = podsOf(store, ds);
    ctx.nodes.forEach((node, i) => {
      if (pods.some((p) => (p.spec as { nodeName?: string } | undefined)?.nodeName === node)) return;
      const pod = buildPod(ctx, {
        owner: ds,
        template: spec.template ?? {},
        name: `${ds.metadata.name}-${store.ids.suffix()}`,
        workload: ds.metadata.name,
        node: i,
        extraLabels: {
          'controller-revision-hash': revision,
          'pod-template-generation': String(ds.metadata.generation ?? 1),
        },
      });
      store.write('pods', pod, M);
      changed = true;
    });
    changed = replaceOneOutdated(ctx, podsOf(store, ds), revision) || changed;
    const now = podsOf(store, ds);
    const ready = now.filter(isPodReady).length;
    const updated = now.filter((p) => p.metadata.labels?.['controller-revision-hash'] === revision).length;
    const status = {
      observedGeneration: ds.metadata.generation ?? 1,
      currentNumberScheduled: now.length,
      desiredNumberScheduled: ctx.nodes.length,
      numberMisscheduled: 0,
      numberReady: ready,
      numberAvailable: ready,
      updatedNumberScheduled: updated,
    };
    changed = store.writeIfChanged('daemonsets', withStatus(ds, status), M) || changed;
  }
  return changed;
}

// Rolling update of StatefulSets and DaemonSets: delete one outdated pod (recreated next pass).
function replaceOneOutdated(ctx: ControllerContext, pods: KubeObject[], revision: string): boolean {
  if (!pods.every(isPodReady)) return false;
  const outdated = pods
    .filter((p) => p.metadata.labels?.['controller-revision-hash'] !== revision)
    .sort((a, b) => b.metadata.name.localeCompare(a.metadata.name, undefined, { numeric: true }))[0];
  if (!outdated) return false;
  ctx.store.remove('pods', outdated.metadata.namespace, outdated.metadata.name);
  return true;
}
