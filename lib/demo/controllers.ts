/** Runs the simulated controllers to a fixed point after every write and on each timer tick. */

import { reconcileGateways } from './gateways';
import { ambientWanted, withRedirection } from './inject';
import { reconcileCertificates, reconcileLoadBalancers } from './platform';
import { type ControllerContext, isPodReady, MANAGERS, markReady } from './pods';
import { reconcileRoutes } from './routes';
import {
  reconcileDaemonSets,
  reconcileDeployments,
  reconcileReplicaSets,
  reconcileStatefulSets,
} from './workloads';

/** Garbage collector: objects whose every owner is gone are deleted (cascades over passes). */
export function collectGarbage(ctx: ControllerContext): boolean {
  const { store } = ctx;
  let changed = false;
  for (const { kind, obj } of store.all()) {
    const refs = obj.metadata.ownerReferences ?? [];
    if (refs.length > 0 && refs.every((r) => !store.hasUid(r.uid))) {
      store.remove(kind, obj.metadata.namespace, obj.metadata.name);
      changed = true;
    }
  }
  return changed;
}

/**
 * istio-cni: running pods without a sidecar get `ambient.istio.io/redirection` while ambient is
 * wanted (namespace or pod label) and lose it when it no longer is. Nothing else about an existing
 * pod changes with namespace labels: sidecars come and go only with new pods.
 */
export function reconcileAmbient(ctx: ControllerContext): boolean {
  const { store } = ctx;
  let changed = false;
  for (const pod of store.list('pods')) {
    const ns = store.get('namespaces', undefined, pod.metadata.namespace ?? '');
    const next = withRedirection(pod, ambientWanted(ns, pod));
    if (next === pod) continue;
    store.write('pods', next, MANAGERS.cni);
    changed = true;
  }
  return changed;
}

const CONTROLLERS = [
  reconcileGateways,
  reconcileDeployments,
  reconcileReplicaSets,
  reconcileStatefulSets,
  reconcileDaemonSets,
  reconcileAmbient,
  reconcileRoutes,
  reconcileLoadBalancers,
  reconcileCertificates,
  collectGarbage,
];

/** Runs every controller until none changes anything (bounded, so a bug cannot spin forever). */
export function reconcile(ctx: ControllerContext, maxPasses = 20): number {
  for (let pass = 1; pass <= maxPasses; pass++) {
    let changed = false;
    for (const c of CONTROLLERS) changed = c(ctx) || changed;
    if (!changed) return pass;
  }
  return maxPasses;
}

/** The kubelet's part of a tick: pods created since the last tick become ready. True when any did. */
export function readyPendingPods(ctx: ControllerContext): boolean {
  const { store } = ctx;
  const now = store.timestamp();
  let changed = false;
  for (const pod of store.list('pods')) {
    if (isPodReady(pod)) continue;
    store.write('pods', markReady(pod, now), MANAGERS.kubelet);
    changed = true;
  }
  return changed;
}
