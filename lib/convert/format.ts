import { stringify } from 'yaml';
import type { KubeObject } from '../k8s/objects';
import type { ConversionWarning } from './types';

/** Resources as multi-document YAML (`---` between documents), keys in insertion order, no anchors. */
export function resourcesToYaml(resources: KubeObject[]): string {
  return resources
    .map((r) => `---\n${stringify(r, { lineWidth: 0, aliasDuplicateObjects: false })}`)
    .join('');
}

/** `warning VirtualService/ns/name spec.http[0].fault: message` — one line per warning. */
export function formatWarning(w: ConversionWarning): string {
  return `${w.severity} ${w.resource} ${w.field}: ${w.message}`;
}
