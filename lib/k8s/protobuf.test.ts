import { Writer } from 'protobufjs/minimal.js';
import { describe, expect, it } from 'vitest';
import { ObjectStore } from '../cluster/store';
import { Informer } from './informer';
import { kindByKey } from './kinds';
import { continueAheadProtobuf, decodeStatus, PROTOBUF, PROTOBUF_LISTS, ProtobufError } from './protobuf';
import type { RestClient } from './rest';

type Field = [number, string | number | Uint8Array];

/** A message of length-delimited (strings, bytes) and varint fields, in the order given. */
function message(fields: Field[]): Uint8Array {
  const w = Writer.create();
  for (const [n, v] of fields) {
    if (typeof v === 'number') w.uint32((n << 3) | 0).int32(v);
    else if (typeof v === 'string') w.uint32((n << 3) | 2).string(v);
    else w.uint32((n << 3) | 2).bytes(v);
  }
  return w.finish();
}

/** A body as the API server writes it: the magic, then runtime.Unknown around the object. */
function body(object: Uint8Array): Buffer {
  const unknown = message([
    [
      1,
      message([
        [1, 'v1'],
        [2, 'PodList'],
      ]),
    ],
    [2, object],
    [4, 'application/vnd.kubernetes.protobuf'],
  ]);
  return Buffer.concat([Buffer.from([0x6b, 0x38, 0x73, 0x00]), unknown]);
}

const podBytes = (name: string) =>
  message([
    [
      1,
      message([
        [1, name],
        [3, 'app'],
        [5, `uid-${name}`],
        [
          11,
          message([
            [1, 'app'],
            [2, name],
          ]),
        ],
      ]),
    ],
    [
      2,
      message([
        [
          2,
          message([
            [1, 'main'],
            [2, 'img:1'],
          ]),
        ],
      ]),
    ],
    [3, message([[1, 'Running']])],
  ]);

function podList(names: string[], cont?: string): Buffer {
  const meta = message([[2, '42'], ...(cont ? ([[3, cont]] as Field[]) : [])]);
  return body(message([[1, meta], ...names.map((n): Field => [2, podBytes(n)])]));
}

const decodePods = PROTOBUF_LISTS.pods as NonNullable<typeof PROTOBUF_LISTS.pods>;

describe('protobuf pod lists', () => {
  it('decodes a list into cached pods, with its continue token and resourceVersion', () => {
    const list = decodePods(podList(['a', 'b'], 'next'));
    expect(list.continue).toBe('next');
    expect(list.resourceVersion).toBe('42');
    expect(list.items).toEqual(
      ['a', 'b'].map((name) => ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: 'app', uid: `uid-${name}`, labels: { app: name } },
        spec: { containers: [{ name: 'main', image: 'img:1' }] },
        status: { phase: 'Running' },
      })),
    );
  });

  it('gives pods of one template one frozen copy of the parts they share, as they are read', () => {
    const pod = (name: string, labels: [string, string][], ready: string) =>
      message([
        [
          1,
          message([
            [1, name],
            [3, 'shop'],
            [5, `uid-${name}`],
            ...labels.map(
              ([k, v]): Field => [
                11,
                message([
                  [1, k as string],
                  [2, v],
                ]),
              ],
            ),
            [
              13,
              message([
                [1, 'ReplicaSet'],
                [3, 'cart-7d4'],
                [4, 'uid-rs'],
                [5, 'apps/v1'],
              ]),
            ],
          ]),
        ],
        [
          2,
          message([
            [
              2,
              message([
                [1, 'main'],
                [2, 'img:1'],
              ]),
            ],
            [10, `node-${name}`],
          ]),
        ],
        [
          3,
          message([
            [1, 'Running'],
            // lastTransitionTime (4) differs from pod to pod and is not kept.
            [
              2,
              message([
                [1, 'Ready'],
                [2, ready],
                [4, message([[1, name.length * 1000]])],
              ]),
            ],
            [6, `10.0.0.${name.length}`],
          ]),
        ],
      ]);
    const template: [string, string][] = [
      ['app', 'cart'],
      ['pod-template-hash', '7d4'],
    ];
    const list = body(
      message([
        [1, message([[2, '1']])],
        [2, pod('cart-a', template, 'True')],
        [2, pod('cart-bb', template, 'True')],
        [2, pod('cart-ccc', [['app', 'cart']], 'False')],
      ]),
    );
    type Pod = {
      metadata: { labels: object; ownerReferences: object[]; namespace: string };
      spec: { containers: object[]; nodeName: string };
      status: { conditions: object[]; podIP: string };
    };
    const [a, b, c] = decodePods(list).items as unknown as Pod[];
    if (!a || !b || !c) throw new Error('three pods expected');
    expect(b.metadata.labels).toBe(a.metadata.labels);
    expect(b.metadata.ownerReferences).toBe(a.metadata.ownerReferences);
    expect(b.spec.containers).toBe(a.spec.containers);
    expect(b.status.conditions).toBe(a.status.conditions);
    expect(b.metadata.namespace).toBe(a.metadata.namespace);
    expect(Object.isFrozen(a.spec.containers[0])).toBe(true);
    // What differs stays each pod's own, and equal to what it was read from.
    expect(c.metadata.labels).not.toBe(a.metadata.labels);
    expect(c.metadata.labels).toEqual({ app: 'cart' });
    expect(c.status.conditions).toEqual([{ type: 'Ready', status: 'False' }]);
    expect(c.spec.containers).toBe(a.spec.containers);
    expect([a, b, c].map((p) => [p.spec.nodeName, p.status.podIP])).toEqual([
      ['node-cart-a', '10.0.0.6'],
      ['node-cart-bb', '10.0.0.7'],
      ['node-cart-ccc', '10.0.0.8'],
    ]);
    // The same list read again gives the parts already kept.
    const [again] = decodePods(list).items as unknown as Pod[];
    expect(again?.spec.containers).toBe(a.spec.containers);
  });

  it('rejects what is not a whole protobuf list', () => {
    const whole = podList(['a', 'b']);
    expect(() => decodePods(Buffer.from('{"kind":"PodList"}'))).toThrow(ProtobufError);
    expect(() => decodePods(whole.subarray(0, Math.floor(whole.length / 2)))).toThrow(ProtobufError);
  });

  it("reads the continue token from a page's start once the start holds all of the list's metadata", () => {
    const whole = podList(['a', 'b', 'c'], 'token-123');
    expect(continueAheadProtobuf(whole)).toBe('token-123');
    // The metadata ends a little after the token: cut before that, the token is not trusted.
    const metaEnd = whole.indexOf(Buffer.from('token-123')) + 'token-123'.length;
    expect(continueAheadProtobuf(whole.subarray(0, metaEnd))).toBe('token-123');
    expect(continueAheadProtobuf(whole.subarray(0, metaEnd - 1))).toBeUndefined();
    expect(continueAheadProtobuf(podList(['a']))).toBeUndefined();
    expect(continueAheadProtobuf(Buffer.from('{"metadata":{"continue":"x"}}'))).toBeUndefined();
  });

  it('reads a Status error', () => {
    const status = body(
      message([
        [2, 'Failure'],
        [3, 'pods "x" is forbidden'],
        [4, 'Forbidden'],
        [6, 403],
      ]),
    );
    expect(decodeStatus(status)).toEqual({
      message: 'pods "x" is forbidden',
      reason: 'Forbidden',
      code: 403,
    });
  });
});

describe('Informer over protobuf', () => {
  /** A server answering pod lists as protobuf (or `protobuf` bodies it is given) and as JSON. */
  function server(protobuf: (page: number) => Buffer) {
    const calls: string[] = [];
    const rest = {
      requestBody: async (_m: string, _p: string, o: { query: { continue?: string } }) => {
        const page = Number(o.query.continue ?? 0);
        calls.push(`protobuf ${page}`);
        return { body: protobuf(page), contentType: `${PROTOBUF}` };
      },
      requestText: async (_m: string, _p: string, o: { query: { continue?: string } }) => {
        calls.push(`json ${o.query.continue ?? 0}`);
        return JSON.stringify({
          metadata: { resourceVersion: '9' },
          items: [{ metadata: { name: 'from-json', namespace: 'app' }, spec: { containers: [] } }],
        });
      },
      watch: (_p: string, _q: unknown, _on: unknown, signal: AbortSignal) =>
        new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve())),
    };
    return { rest: rest as unknown as RestClient, calls };
  }

  async function listed(rest: RestClient, onError?: () => void) {
    const store = new ObjectStore();
    const informer = new Informer(rest, kindByKey('pods'), store, { protobuf: true, onError });
    await informer.start();
    informer.stop();
    return store.snapshot().resources.pods.map((p) => p.metadata.name);
  }

  it('reads every page as protobuf', async () => {
    const { rest, calls } = server((page) => (page === 0 ? podList(['a', 'b'], '1') : podList(['c'])));
    expect(await listed(rest)).toEqual(['a', 'b', 'c']);
    expect(calls).toEqual(['protobuf 0', 'protobuf 1']);
  });

  it('lists again as JSON after a body it cannot decode', async () => {
    const { rest, calls } = server(() => Buffer.from('k8s\0 garbage'));
    const errors: unknown[] = [];
    expect(await listed(rest, () => errors.push(1))).toEqual(['from-json']);
    expect(calls).toEqual(['protobuf 0', 'json 0']);
    expect(errors).toHaveLength(1);
  });
});
