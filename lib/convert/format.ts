import type { KubeObject } from '../k8s/objects';
import type { ConversionWarning } from './types';
import { toYaml } from './yaml-out';

/** Resources as multi-document YAML (`---` between documents), keys in insertion order, no anchors. */
export function resourcesToYaml(resources: KubeObject[]): string {
  const out: string[] = [];
  for (const r of resources) out.push(`---\n${toYaml(r)}`);
  return out.join('');
}

/** `warning VirtualService/ns/name spec.http[0].fault: message` — one line per warning. */
export function formatWarning(w: ConversionWarning): string {
  return `${w.severity} ${w.resource} ${w.field}: ${w.message}`;
}
