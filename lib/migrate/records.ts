import type { ResourceSet } from '../cluster/snapshot';
import { RECORD_LABEL } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';
import type { TrafficBaseline } from './traffic';
import type { StepId, TargetRef, VerifyResult } from './types';

/** Where a record stands: changes are written while `in-progress`; rollback moves it to `rolled-back`. */
export type RecordStatus =
  | 'in-progress'
  | 'applied'
  | 'partially-applied'
  | 'failed'
  | 'rolled-back'
  | 'rollback-failed';

/** One change of an applied step. */
export interface RecordChange {
  action: 'apply' | 'patch' | 'delete';
  /** `Kind/namespace/name`. */
  ref: string;
  target: TargetRef;
  change: 'create' | 'update' | 'unchanged' | 'delete';
  status: 'done' | 'failed' | 'not-attempted';
  /** The merge patch sent (`patch` changes): rollback inverts it. */
  patch?: Record<string, unknown>;
  /** `+N -M` lines of the diff, or a short description. */
  summary?: string;
  error?: string;
}

/** An object as it was before the step, stripped of server fields; `object` absent when it did not exist. */
export interface PriorState {
  ref: string;
  target: TargetRef;
  existed: boolean;
  object?: KubeObject;
}

/** The audit record of one applied step, stored as JSON in a ConfigMap of the namespace. */
export interface MigrationRecord {
  /** `<namespace>/<configmap name>`. */
  id: string;
  namespace: string;
  step: StepId;
  seq: number;
  who: string;
  when: string;
  status: RecordStatus;
  /** The confirmation token the step was applied with. */
  confirm: string;
  changes: RecordChange[];
  prior: PriorState[];
  verification?: VerifyResult;
  error?: string;
  rollback?: { who: string; when: string; errors: string[] };
  /** Golden signals before the step, for the traffic verdict after it. */
  traffic?: TrafficBaseline;
  /** The one-click enrolment this step belongs to. */
  enrolment?: string;
}

export const RECORD_KEY = 'record.json';
/** HMAC of the record by the server that wrote it (`v1:<base64url>`); see {@link recordSigningInput}. */
export const RECORD_SIGNATURE_ANNOTATION = 'mesh-migrator.io/signature';

/** Signs and checks records; the key stays with the caller (the server), the domain only says what is signed. */
export interface RecordSigner {
  sign(input: string): string;
  verify(input: string, signature: string): boolean;
}

/** Whether a stored record can be trusted: signed by this server's key and unchanged since. */
export type RecordTrust = 'trusted' | 'unsigned' | 'altered';

/** What a record's signature covers: where it is stored and its exact JSON. */
export function recordSigningInput(namespace: string, name: string, json: string): string {
  return `mesh-migrator record v1\n${namespace}\n${name}\n${json}`;
}

/** The ConfigMap with its signature annotation set. */
export function signedRecordConfigMap(cm: KubeObject, signer: RecordSigner | undefined): KubeObject {
  if (!signer) return cm;
  const input = recordSigningInput(
    cm.metadata.namespace ?? '',
    cm.metadata.name,
    cm.data?.[RECORD_KEY] ?? '',
  );
  return {
    ...cm,
    metadata: {
      ...cm.metadata,
      annotations: {
        ...(cm.metadata.annotations ?? {}),
        [RECORD_SIGNATURE_ANNOTATION]: `v1:${signer.sign(input)}`,
      },
    },
  };
}

/** Checks a record ConfigMap's signature. */
export function recordTrust(cm: KubeObject, signer: RecordSigner | undefined): RecordTrust {
  const sig = cm.metadata.annotations?.[RECORD_SIGNATURE_ANNOTATION];
  if (!sig?.startsWith('v1:')) return 'unsigned';
  if (!signer) return 'altered';
  const input = recordSigningInput(
    cm.metadata.namespace ?? '',
    cm.metadata.name,
    cm.data?.[RECORD_KEY] ?? '',
  );
  return signer.verify(input, sig.slice(3)) ? 'trusted' : 'altered';
}
export const RECORD_STEP_LABEL = 'mesh-migrator.io/step';
export const RECORD_SEQ_LABEL = 'mesh-migrator.io/seq';
/** ConfigMaps hold at most 1 MiB; keep room for metadata. */
export const RECORD_LIMIT_BYTES = 900 * 1024;

export class RecordTooLargeError extends Error {}

/** ConfigMap name of the `seq`-th record of a namespace. */
export function recordName(step: StepId, seq: number): string {
  return `mesh-migrator-record-${step}-${String(seq).padStart(4, '0')}`;
}

/** The next free sequence number of a namespace's records. */
export function nextSeq(resources: ResourceSet, ns: string): number {
  const seqs = recordConfigMaps(resources, ns).map((cm) =>
    Number(cm.metadata.labels?.[RECORD_SEQ_LABEL] ?? 0),
  );
  return Math.max(0, ...seqs.filter(Number.isFinite)) + 1;
}

function recordConfigMaps(resources: ResourceSet, ns?: string): KubeObject[] {
  return resources.configmaps.filter(
    (cm) =>
      cm.metadata.labels?.[RECORD_LABEL] === 'true' && (ns === undefined || cm.metadata.namespace === ns),
  );
}

const byteLength = (s: string) => new TextEncoder().encode(s).length;

/**
 * The ConfigMap holding `record`. Over the size limit, diff summaries are dropped first; if the
 * prior state alone is still too large it throws {@link RecordTooLargeError} (nothing is applied then).
 */
export function recordConfigMap(record: MigrationRecord): KubeObject {
  let json = JSON.stringify(record);
  if (byteLength(json) > RECORD_LIMIT_BYTES) {
    json = JSON.stringify({ ...record, changes: record.changes.map(({ summary: _s, ...c }) => c) });
  }
  const size = byteLength(json);
  if (size > RECORD_LIMIT_BYTES) {
    throw new RecordTooLargeError(
      `the record of step ${record.step} would be ${Math.ceil(size / 1024)} KiB, over the ${RECORD_LIMIT_BYTES / 1024} KiB a ConfigMap can safely hold (prior state of ${record.prior.length} object(s)); export the plan as files and apply it in smaller parts`,
    );
  }
  const [, name] = record.id.split('/');
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: name ?? record.id,
      namespace: record.namespace,
      labels: {
        [RECORD_LABEL]: 'true',
        [RECORD_STEP_LABEL]: record.step,
        [RECORD_SEQ_LABEL]: String(record.seq),
        'app.kubernetes.io/managed-by': 'mesh-migrator',
      },
    },
    data: { [RECORD_KEY]: json },
  };
}

/** Parses the record a ConfigMap holds; undefined when it holds none or it is unreadable. */
export function parseRecord(cm: KubeObject): MigrationRecord | undefined {
  const text = cm.data?.[RECORD_KEY];
  if (!text) return undefined;
  try {
    const r = JSON.parse(text) as MigrationRecord;
    return typeof r.id === 'string' &&
      typeof r.step === 'string' &&
      Array.isArray(r.changes) &&
      Array.isArray(r.prior)
      ? r
      : undefined;
  } catch {
    return undefined;
  }
}

/** Records of one namespace (or all), oldest first. Pure: reads the ConfigMaps in `resources`. */
export function listRecords(resources: ResourceSet, ns?: string): MigrationRecord[] {
  return listRecordsWithTrust(resources, undefined, ns).map((r) => r.record);
}

/** Records with whether each can be trusted (see {@link recordTrust}), oldest first. */
export function listRecordsWithTrust(
  resources: ResourceSet,
  signer: RecordSigner | undefined,
  ns?: string,
): { record: MigrationRecord; trust: RecordTrust }[] {
  return recordConfigMaps(resources, ns)
    .map((cm) => {
      const record = parseRecord(cm);
      return record ? { record, trust: recordTrust(cm, signer) } : undefined;
    })
    .filter((r): r is { record: MigrationRecord; trust: RecordTrust } => r !== undefined)
    .sort((a, b) => a.record.namespace.localeCompare(b.record.namespace) || a.record.seq - b.record.seq);
}
