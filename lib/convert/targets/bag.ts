import type { KubeObject } from '../../k8s/objects';
import { isRecord } from '../../model/read-helpers';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE, SOURCE_ANNOTATION } from '../gateway-api';

type Spec = Record<string, unknown>;

function deepMerge(into: Spec, from: Spec): void {
  for (const [k, v] of Object.entries(from)) {
    const cur = into[k];
    if (isRecord(cur) && isRecord(v)) deepMerge(cur, v);
    else into[k] = v;
  }
}

/** Collects policy fragments and merges those for the same object into one. */
export class PolicyBag {
  private readonly objects = new Map<string, { obj: KubeObject; sources: Set<string> }>();

  add(apiVersion: string, kind: string, namespace: string, name: string, source: string, spec: Spec): void {
    const key = `${kind}/${namespace}/${name}`;
    let entry = this.objects.get(key);
    if (!entry) {
      entry = {
        obj: {
          apiVersion,
          kind,
          metadata: { name, namespace, labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE }, annotations: {} },
          spec: {},
        },
        sources: new Set(),
      };
      this.objects.set(key, entry);
    }
    entry.sources.add(source);
    deepMerge(entry.obj.spec as Spec, structuredClone(spec));
  }

  /** The merged objects with their sources, each source annotated on the object. */
  list(): { obj: KubeObject; sources: string[] }[] {
    return [...this.objects.values()].map(({ obj, sources }) => {
      const list = [...sources].sort();
      const out = structuredClone(obj);
      out.metadata.annotations = { [SOURCE_ANNOTATION]: list.join(',') };
      return { obj: out, sources: list };
    });
  }
}

export const EG_API = 'gateway.envoyproxy.io/v1alpha1';
export const NGF_API = 'gateway.nginx.org/v1alpha1';
export const GW_GROUP = 'gateway.networking.k8s.io';

/** `8m` (NGINX size) → `8Mi` (Kubernetes quantity); undefined for 0 (unlimited). */
export function quantityOf(size: string): string | undefined {
  const m = /^(\d+)([kmg]?)$/.exec(size);
  if (!m || Number(m[1]) === 0) return undefined;
  return `${Number(m[1])}${m[2] ? `${(m[2] ?? '').toUpperCase()}i` : ''}`;
}

/** NGINX size that fits NGF's 4-digit pattern (`10240k` → `10m`). */
export function ngfSize(size: string): string | undefined {
  const m = /^(\d+)([kmg]?)$/.exec(size);
  if (!m) return undefined;
  let n = Number(m[1]);
  const units = ['', 'k', 'm', 'g'];
  let u = units.indexOf(m[2] ?? '');
  while (n > 9999 && u < 3) {
    n = Math.ceil(n / 1024);
    u++;
  }
  return n > 9999 ? undefined : `${n}${units[u]}`;
}
