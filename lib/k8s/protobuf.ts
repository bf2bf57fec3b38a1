import { Reader } from 'protobufjs/minimal.js';
import { cacheStrings } from './intern';
import type { KindKey } from './kinds';
import type { KubeObject } from './objects';
import { DROPPED_ANNOTATIONS } from './strip';
import { ENV_READ } from './transform';

/**
 * Lists of built-in kinds read in Kubernetes' protobuf encoding, as client-go reads them: the API
 * server encodes protobuf with less CPU than JSON and sends half the bytes, and the decoder below
 * reads only the fields the cache keeps, skipping the rest without building it. Each decoder gives
 * exactly the object `reduceForCache(stripOwned(json))` gives for the same object read as JSON
 * (`test/integration/protobuf.test.ts` checks this against the real API server); kinds without one are
 * read as JSON. Field numbers are those of `k8s.io/api/core/v1/generated.proto` and
 * `k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto`.
 */
export const PROTOBUF = 'application/vnd.kubernetes.protobuf';

/** The `Accept` of a list read as protobuf: JSON where the server cannot encode it. */
export const PROTOBUF_ACCEPT = `${PROTOBUF}, application/json`;

// Every protobuf body starts with these four bytes, then a runtime.Unknown wrapping the object.
const MAGIC = [0x6b, 0x38, 0x73, 0x00];

/** Whether a body (or its start) is in Kubernetes' protobuf encoding. */
export function isProtobuf(body: Uint8Array): boolean {
  return body.length >= MAGIC.length && MAGIC.every((b, i) => body[i] === b);
}

export interface DecodedList {
  items: KubeObject[];
  continue?: string;
  resourceVersion?: string;
}

type Obj = Record<string, unknown>;

/** A body that is not what the decoder expects (not protobuf, cut short, or an unknown layout). */
export class ProtobufError extends Error {}

const WIRE_LEN = 2;

// Each message is read as a loop over its fields up to its end (`end`), by field number, skipping
// the fields not kept (`skipType`) without building them.

/** The end offset of the length-delimited field the reader is at. */
function end(r: Reader): number {
  const len = r.uint32();
  const e = r.pos + len;
  if (e > r.len) throw new ProtobufError(`field of ${len} bytes runs past the body`);
  return e;
}

// Node's native UTF-8 slice of a byte array (what Buffer#toString uses), TextDecoder elsewhere.
const utf8Slice = (
  Buffer.prototype as unknown as { utf8Slice?: (this: Uint8Array, start: number, end: number) => string }
).utf8Slice;
const utf8 = new TextDecoder();

/**
 * A string field, as one flat string: protobufjs builds strings under 64 bytes eight characters at
 * a time, which leaves longer ones as chains of pieces in the cache (uids, names, images).
 */
function text(r: Reader): string {
  const len = r.uint32();
  const start = r.pos;
  const stop = start + len;
  if (stop > r.len) throw new ProtobufError(`string of ${len} bytes runs past the body`);
  r.pos = stop;
  return utf8Slice ? utf8Slice.call(r.buf, start, stop) : utf8.decode(r.buf.subarray(start, stop));
}

function int64(r: Reader): number {
  const v = r.int64() as unknown;
  return typeof v === 'number' ? v : (v as { toNumber(): number }).toNumber();
}

// metav1.Time is written to JSON as RFC 3339 in UTC to the second; many objects share a second.
const times = new Map<number, string>();
function time(r: Reader): string | undefined {
  let seconds = 0;
  for (const e = end(r); r.pos < e; ) {
    const tag = r.uint32();
    const f = tag >>> 3;
    if (f !== 1) {
      r.skipType(tag & 7);
      continue;
    }
    seconds = int64(r);
  }
  if (seconds === 0) return undefined;
  let stamp = times.get(seconds);
  if (stamp === undefined) {
    stamp = new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    if (times.size >= 10_000) times.clear();
    times.set(seconds, stamp);
  }
  return stamp;
}

/** One entry of a protobuf map into `out`. */
function entry(r: Reader, out: Obj, value: (r: Reader) => unknown = text): void {
  let key = '';
  let val: unknown = '';
  for (const e = end(r); r.pos < e; ) {
    const tag = r.uint32();
    const f = tag >>> 3;
    if (f === 1) key = text(r);
    else if (f === 2) val = value(r);
    else r.skipType(tag & 7);
  }
  out[key] = val;
}

function quantity(r: Reader): string {
  let s = '';
  for (const e = end(r); r.pos < e; ) {
    const tag = r.uint32();
    const f = tag >>> 3;
    if (f !== 1) {
      r.skipType(tag & 7);
      continue;
    }
    s = text(r);
  }
  return s;
}

/** A string field JSON omits when empty; `pooled` for values many objects share. */
function setString(o: Obj, key: string, r: Reader, pooled = false): void {
  const s = text(r);
  if (s) o[key] = pooled ? cacheStrings.string(s) : s;
}

// Parts many pods share (one template's labels, containers...) are kept once, as they are read
// (`StringPool.shared`), under an FNV-1a hash of the start of the bytes they were decoded from (a
// hash decides only where to look: a part is shared only when equal to the one found).
const FNV = 0x811c9dc5;
const DIGESTED = 128;
const LABELS = 1;
const ANNOTATIONS = 2;
const OWNERS = 3;
const CONTAINERS = 4;
const INIT_CONTAINERS = 5;
const CONDITIONS = 6;

/** `h` carried over the length and first bytes of `buf[start, end)`. */
function digest(buf: Uint8Array, start: number, end: number, h: number): number {
  h = Math.imul(h ^ (end - start), 0x01000193);
  const stop = Math.min(end, start + DIGESTED);
  for (let i = start; i < stop; i++) h = Math.imul(h ^ (buf[i] as number), 0x01000193);
  return h;
}

/** The shared copy of `part`, read from bytes hashed to `h`, at `place`. */
function shared<T extends object>(place: number, h: number, part: T): T {
  // Kept within V8's small integers, which a Map hashes fastest.
  return cacheStrings.shared((h ^ Math.imul(place, 0x9e3779b9)) & 0x3fffffff, part);
}

/** The object under `key`, made when absent. */
function child(o: Obj, key: string): Obj {
  const found = o[key] as Obj | undefined;
  if (found) return found;
  const made: Obj = {};
  o[key] = made;
  return made;
}

function push<T>(o: Obj, key: string, v: T): void {
  const list = o[key] as T[] | undefined;
  if (list) list.push(v);
  else o[key] = [v];
}

function ownerReference(r: Reader): Obj {
  const o: Obj = { apiVersion: '', kind: '', name: '', uid: '' };
  for (const e = end(r); r.pos < e; ) {
    const tag = r.uint32();
    const f = tag >>> 3;
    if (f === 5) o.apiVersion = text(r);
    else if (f === 1) o.kind = text(r);
    else if (f === 3) o.name = text(r);
    else if (f === 4) o.uid = text(r);
    else if (f === 6) o.controller = r.bool();
    else if (f === 7) o.blockOwnerDeletion = r.bool();
    else r.skipType(tag & 7);
  }
  return o;
}

const DROPPED: ReadonlySet<string> = new Set(DROPPED_ANNOTATIONS);

// ObjectMeta's string fields, by number; JSON omits each when empty.
const META_STRINGS: Readonly<Record<number, string>> = {
  1: 'name',
  2: 'generateName',
  3: 'namespace',
  4: 'selfLink',
  5: 'uid',
  6: 'resourceVersion',
};

/** ObjectMeta as stripped for the cache: without managedFields and last-applied annotations. */
function objectMeta(r: Reader): Obj {
  const m: Obj = {};
  let labels = FNV;
  let annotations = FNV;
  let owners = FNV;
  for (const e = end(r); r.pos < e; ) {
    const at = r.pos;
    const tag = r.uint32();
    const f = tag >>> 3;
    const key = META_STRINGS[f];
    if (key) {
      setString(m, key, r, f === 2 || f === 3);
      continue;
    }
    switch (f) {
      case 7: {
        const n = int64(r);
        if (n) m.generation = n;
        break;
      }
      case 8: {
        const t = time(r);
        if (t) m.creationTimestamp = t;
        break;
      }
      case 9: {
        const t = time(r);
        if (t) m.deletionTimestamp = t;
        break;
      }
      case 10:
        m.deletionGracePeriodSeconds = int64(r);
        break;
      case 11:
        entry(r, child(m, 'labels'));
        labels = digest(r.buf, at, r.pos, labels);
        break;
      case 12: {
        const kept = child(m, 'annotations');
        entry(r, kept);
        for (const a of DROPPED) delete kept[a];
        annotations = digest(r.buf, at, r.pos, annotations);
        break;
      }
      case 13:
        push(m, 'ownerReferences', ownerReference(r));
        owners = digest(r.buf, at, r.pos, owners);
        break;
      case 14:
        push(m, 'finalizers', text(r));
        break;
      default:
        r.skipType(tag & 7);
    }
  }
  if (m.labels) m.labels = shared(LABELS, labels, m.labels as Obj);
  if (m.annotations) m.annotations = shared(ANNOTATIONS, annotations, m.annotations as Obj);
  if (m.ownerReferences) m.ownerReferences = shared(OWNERS, owners, m.ownerReferences as Obj[]);
  return m;
}

function containerPort(r: Reader): Obj {
  const p: Obj = {};
  for (const e = end(r); r.pos < e; ) {
    const tag = r.uint32();
    const f = tag >>> 3;
    if (f === 1) setString(p, 'name', r);
    else if (f === 2) {
      const n = r.int32();
      if (n) p.hostPort = n;
    } else if (f === 3) p.containerPort = r.int32();
    else if (f === 4) setString(p, 'protocol', r);
    else if (f === 5) setString(p, 'hostIP', r);
    else r.skipType(tag & 7);
  }
  p.containerPort ??= 0;
  return p;
}

/** An environment variable, when it is one the product reads (`ENV_READ`): name and literal value. */
function envVar(r: Reader): Obj | undefined {
  let name = '';
  let value = '';
  for (const e = end(r); r.pos < e; ) {
    const tag = r.uint32();
    const f = tag >>> 3;
    if (f === 1) name = text(r);
    else if (f === 2) value = text(r);
    else r.skipType(tag & 7);
  }
  if (!ENV_READ.has(name)) return undefined;
  return value ? { name, value } : { name };
}

function resourceClaim(r: Reader): Obj {
  const c: Obj = { name: '' };
  for (const e = end(r); r.pos < e; ) {
    const tag = r.uint32();
    const f = tag >>> 3;
    if (f === 1) c.name = text(r);
    else if (f === 2) setString(c, 'request', r);
    else r.skipType(tag & 7);
  }
  return c;
}

function resources(r: Reader): Obj {
  const o: Obj = {};
  for (const e = end(r); r.pos < e; ) {
    const tag = r.uint32();
    const f = tag >>> 3;
    if (f === 1) entry(r, child(o, 'limits'), quantity);
    else if (f === 2) entry(r, child(o, 'requests'), quantity);
    else if (f === 3) push(o, 'claims', resourceClaim(r));
    else r.skipType(tag & 7);
  }
  return o;
}

/** What `transform.ts` keeps of a container. */
function container(r: Reader): Obj {
  const c: Obj = { name: '' };
  let env: Obj[] | undefined;
  for (const e = end(r); r.pos < e; ) {
    const tag = r.uint32();
    const f = tag >>> 3;
    switch (f) {
      case 1:
        c.name = text(r);
        break;
      case 2:
        setString(c, 'image', r);
        break;
      case 3:
        push(c, 'command', text(r));
        break;
      case 4:
        push(c, 'args', text(r));
        break;
      case 6:
        push(c, 'ports', containerPort(r));
        break;
      case 7: {
        const v = envVar(r);
        if (v && env) env.push(v);
        else if (v) env = [v];
        break;
      }
      case 8:
        c.resources = resources(r);
        break;
      case 24:
        c.restartPolicy = text(r);
        break;
      default:
        r.skipType(tag & 7);
    }
  }
  if (env) c.env = env;
  return c;
}

/** A volume when it is a CSI volume: its name and driver. */
function csiVolume(r: Reader): Obj | undefined {
  let name = '';
  let csi: Obj | undefined;
  for (const e = end(r); r.pos < e; ) {
    const tag = r.uint32();
    const f = tag >>> 3;
    if (f === 1) name = text(r);
    else if (f === 2)
      // VolumeSource, inlined in JSON; its field 28 is the CSI source, whose field 1 is the driver.
      for (const e2 = end(r); r.pos < e2; ) {
        const tag2 = r.uint32();
        const g = tag2 >>> 3;
        if (g !== 28) {
          r.skipType(tag2 & 7);
          continue;
        }
        const source: Obj = {};
        for (const e3 = end(r); r.pos < e3; ) {
          const tag3 = r.uint32();
          const h = tag3 >>> 3;
          if (h !== 1) {
            r.skipType(tag3 & 7);
            continue;
          }
          source.driver = text(r);
        }
        csi = source;
      }
    else r.skipType(tag & 7);
  }
  return csi ? { name, csi } : undefined;
}

function podSpec(r: Reader): Obj {
  const s: Obj = {};
  const containers: Obj[] = [];
  let main = FNV;
  let init = FNV;
  for (const e = end(r); r.pos < e; ) {
    const at = r.pos;
    const tag = r.uint32();
    const f = tag >>> 3;
    switch (f) {
      case 1: {
        const v = csiVolume(r);
        if (v) push(s, 'volumes', v);
        break;
      }
      case 2:
        containers.push(container(r));
        main = digest(r.buf, at, r.pos, main);
        break;
      case 20:
        push(s, 'initContainers', container(r));
        init = digest(r.buf, at, r.pos, init);
        break;
      case 8:
        setString(s, 'serviceAccountName', r, true);
        break;
      case 9:
        setString(s, 'serviceAccount', r, true);
        break;
      case 10:
        setString(s, 'nodeName', r, true);
        break;
      case 11:
        if (r.bool()) s.hostNetwork = true;
        break;
      default:
        r.skipType(tag & 7);
    }
  }
  s.containers = shared(CONTAINERS, main, containers);
  if (s.initContainers) s.initContainers = shared(INIT_CONTAINERS, init, s.initContainers as Obj[]);
  return s;
}

/** A pod condition as kept (no times), and `h` carried over the bytes of the fields kept. */
function podCondition(r: Reader, h: number): [Obj, number] {
  const c: Obj = { type: '', status: '' };
  for (const e = end(r); r.pos < e; ) {
    const at = r.pos;
    const tag = r.uint32();
    const f = tag >>> 3;
    if (f === 1) c.type = text(r);
    else if (f === 2) c.status = text(r);
    else if (f === 5) setString(c, 'reason', r);
    else if (f === 6) setString(c, 'message', r);
    else {
      r.skipType(tag & 7);
      continue;
    }
    h = digest(r.buf, at, r.pos, h);
  }
  return [c, h];
}

function podStatus(r: Reader): Obj {
  const s: Obj = {};
  let conditions = FNV;
  for (const e = end(r); r.pos < e; ) {
    const tag = r.uint32();
    const f = tag >>> 3;
    if (f === 1) setString(s, 'phase', r, true);
    else if (f === 2) {
      const [c, h] = podCondition(r, conditions);
      push(s, 'conditions', c);
      conditions = h;
    } else if (f === 6) setString(s, 'podIP', r);
    else r.skipType(tag & 7);
  }
  if (s.conditions) s.conditions = shared(CONDITIONS, conditions, s.conditions as Obj[]);
  return s;
}

function pod(r: Reader): KubeObject {
  let metadata: Obj = {};
  let spec: Obj | undefined;
  let status: Obj | undefined;
  for (const e = end(r); r.pos < e; ) {
    const tag = r.uint32();
    const f = tag >>> 3;
    if (f === 1) metadata = objectMeta(r);
    else if (f === 2) spec = podSpec(r);
    else if (f === 3) status = podStatus(r);
    else r.skipType(tag & 7);
  }
  const out: Obj = { apiVersion: 'v1', kind: 'Pod', metadata, spec, status };
  if (!spec) delete out.spec;
  if (!status) delete out.status;
  return out as unknown as KubeObject;
}

/** A reader of `body[start, end)`. */
function reader(body: Uint8Array, start: number, end: number): Reader {
  return new Reader(new Uint8Array(body.buffer, body.byteOffset + start, end - start));
}

/** The object inside a protobuf body: its bytes, after the magic and the runtime.Unknown around it. */
function objectReader(body: Uint8Array): Reader {
  if (!isProtobuf(body)) throw new ProtobufError('not a protobuf body');
  const r = reader(body, 4, body.length);
  while (r.pos < r.len) {
    const tag = r.uint32();
    if (tag >>> 3 === 2 && (tag & 7) === WIRE_LEN) {
      const e = end(r);
      return reader(body, 4 + r.pos, 4 + e);
    }
    r.skipType(tag & 7);
  }
  throw new ProtobufError('protobuf body without an object');
}

/** ListMeta's resourceVersion (2) and continue (3). */
function listMeta(r: Reader, out: DecodedList): void {
  for (const e = end(r); r.pos < e; ) {
    const tag = r.uint32();
    const f = tag >>> 3;
    if (f === 2) out.resourceVersion = text(r) || undefined;
    else if (f === 3) out.continue = text(r) || undefined;
    else r.skipType(tag & 7);
  }
}

function decodeList(body: Uint8Array, item: (r: Reader) => KubeObject): DecodedList {
  const out: DecodedList = { items: [] };
  try {
    const r = objectReader(body);
    while (r.pos < r.len) {
      const tag = r.uint32();
      const f = tag >>> 3;
      if (f === 1 && (tag & 7) === WIRE_LEN) listMeta(r, out);
      else if (f === 2 && (tag & 7) === WIRE_LEN) out.items.push(item(r));
      else r.skipType(tag & 7);
    }
  } catch (e) {
    if (e instanceof ProtobufError) throw e;
    throw new ProtobufError(`malformed protobuf list: ${(e as Error).message}`);
  }
  return out;
}

/** The kinds whose lists are read as protobuf, each decoded straight into its cached shape. */
export const PROTOBUF_LISTS: Partial<Record<KindKey, (body: Uint8Array) => DecodedList>> = {
  pods: (body) => decodeList(body, pod),
};

/**
 * A protobuf list page's continue token, read from the start of its body (ListMeta comes before the
 * items); undefined when the start does not hold all of it.
 */
export function continueAheadProtobuf(head: Uint8Array): string | undefined {
  if (!isProtobuf(head)) return undefined;
  try {
    const r = reader(head, 4, head.length);
    while (r.pos < r.len) {
      const tag = r.uint32();
      if (tag >>> 3 !== 2 || (tag & 7) !== WIRE_LEN) {
        r.skipType(tag & 7);
        continue;
      }
      r.uint32(); // the object's length: the object itself is cut short here
      const first = r.uint32();
      if (first >>> 3 !== 1 || (first & 7) !== WIRE_LEN) return undefined;
      const meta: DecodedList = { items: [] };
      listMeta(r, meta);
      return meta.continue;
    }
  } catch {
    // the head ends inside the metadata
  }
  return undefined;
}

/** A `Status` (an error response) written as protobuf: its code, reason and message. */
export function decodeStatus(body: Uint8Array): { code?: number; reason?: string; message?: string } {
  const out: { code?: number; reason?: string; message?: string } = {};
  try {
    const r = objectReader(body);
    while (r.pos < r.len) {
      const tag = r.uint32();
      const f = tag >>> 3;
      if (f === 3) out.message = text(r);
      else if (f === 4) out.reason = text(r);
      else if (f === 6) out.code = r.int32();
      else r.skipType(tag & 7);
    }
  } catch {
    // what was read so far
  }
  return out;
}
