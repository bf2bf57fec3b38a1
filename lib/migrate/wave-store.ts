import { z } from 'zod';
import type { ResourceSet } from '../cluster/snapshot';
import { RECORD_LABEL } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';

/** Waves as the operator saved them: namespaces per wave, in order. */
export interface SavedWaves {
  waves: { name: string; namespaces: string[] }[];
  savedBy: string;
  savedAt: string;
}

export const WAVES_CONFIGMAP = 'mesh-migrator-waves';
export const WAVES_KEY = 'waves.json';
/** Where the saved waves live unless `MESH_MIGRATOR_NAMESPACE` says otherwise. */
export const DEFAULT_WAVES_NAMESPACE = 'istio-system';

const DNS = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Waves an operator sends to be saved: validated at the trust boundary. */
export const WavesInput = z.object({
  waves: z
    .array(
      z.object({
        name: z.string().min(1).max(63),
        namespaces: z.array(z.string().regex(DNS, 'namespace must be a DNS label').max(63)).max(500),
      }),
    )
    .max(200)
    .refine((ws) => {
      const all = ws.flatMap((w) => w.namespaces);
      return new Set(all).size === all.length;
    }, 'a namespace may be in one wave only'),
});

/** The ConfigMap that keeps the saved waves; labelled like records so the cluster cache sees it. */
export function wavesConfigMap(namespace: string, saved: SavedWaves): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: WAVES_CONFIGMAP,
      namespace,
      labels: { [RECORD_LABEL]: 'waves', 'app.kubernetes.io/managed-by': 'mesh-migrator' },
    },
    data: { [WAVES_KEY]: JSON.stringify(saved) },
  };
}

const Saved = WavesInput.extend({ savedBy: z.string(), savedAt: z.string() });

/** The saved waves a ConfigMap holds; undefined when none or unreadable. */
export function parseWaves(cm: KubeObject | undefined): SavedWaves | undefined {
  const text = cm?.data?.[WAVES_KEY];
  if (!text) return undefined;
  try {
    const r = Saved.safeParse(JSON.parse(text));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

/** The saved waves in the cluster cache, if any. */
export function savedWaves(resources: ResourceSet, namespace: string): SavedWaves | undefined {
  return parseWaves(
    resources.configmaps.find(
      (c) => c.metadata.namespace === namespace && c.metadata.name === WAVES_CONFIGMAP,
    ),
  );
}
