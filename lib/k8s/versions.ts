import type { KindDescriptor } from './kinds';
import type { KubeObject } from './objects';

interface CrdVersion {
  name: string;
  served?: boolean;
}

/**
 * The version of a custom kind to read: the preferred one when the CRD serves it, else the first
 * served alternative, else undefined (the CRD exists but serves nothing this tool understands).
 */
export function servedVersion(crd: KubeObject, d: KindDescriptor): string | undefined {
  const versions = ((crd.spec as { versions?: CrdVersion[] } | undefined)?.versions ?? []).filter(
    (v) => v.served,
  );
  const names = new Set(versions.map((v) => v.name));
  for (const v of [d.version, ...(d.altVersions ?? [])]) if (names.has(v)) return v;
  return undefined;
}
