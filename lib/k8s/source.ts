import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import type {
  AccessCheck,
  AccessResult,
  ClusterInfo,
  ClusterSource,
  Identity,
  WriteOptions,
} from '../cluster/source';
import { assertWritable, FIELD_MANAGER } from '../cluster/source';
import { ObjectStore } from '../cluster/store';
import { ApiError, isApiError } from './errors';
import { Informer } from './informer';
import { crdName, descriptorFor, KINDS, type KindDescriptor, kindByKey, parseApiVersion } from './kinds';
import type { KubeObject } from './objects';
import { resourcePath } from './paths';
import { type ExtraHeaders, RestClient } from './rest';
import { stripObject } from './strip';
import { servedVersion } from './versions';

export interface KubeSourceOptions {
  kc: KubeConfig;
  /** Extra headers on every request (impersonation). */
  headers?: ExtraHeaders;
  readOnly?: boolean;
  /** Namespaces to watch when cluster-wide lists are forbidden (default: the context's namespace). */
  fallbackNamespaces?: string[];
  onError?: (d: KindDescriptor, e: unknown) => void;
}

/** A real cluster: list+watch caches per kind, writes through server-side apply and merge patch. */
export class KubeClusterSource implements ClusterSource {
  readonly rest: RestClient;
  private readonly store = new ObjectStore();
  private informers: Informer[] = [];
  private readOnly: boolean;

  constructor(private readonly opts: KubeSourceOptions) {
    this.rest = new RestClient(opts.kc, opts.headers);
    this.readOnly = opts.readOnly ?? false;
  }

  /** The kubeconfig this source was made from (cluster, CA, the server's own credentials). */
  get kubeConfig(): KubeConfig {
    return this.opts.kc;
  }

  info(): ClusterInfo {
    return {
      source: 'kube',
      name: this.opts.kc.getCurrentContext(),
      server: this.rest.server,
      readOnly: this.readOnly,
    };
  }

  setReadOnly(v: boolean): void {
    this.readOnly = v;
  }

  async start(): Promise<void> {
    // CRDs decide which version of each custom kind to read; built-in kinds (pods, the long list)
    // start at once, beside them.
    const crdDesc = kindByKey('customresourcedefinitions');
    const fallbackNamespaces = this.opts.fallbackNamespaces ?? contextNamespace(this.opts.kc);
    const common = { fallbackNamespaces, onError: this.opts.onError };
    const listed = (d: KindDescriptor) => {
      const inf = new Informer(this.rest, d, this.store, common);
      this.informers.push(inf);
      return inf.start();
    };
    const crdsListed = listed(crdDesc);
    const builtIn = KINDS.filter((k) => !k.crd && k.key !== crdDesc.key).map(listed);
    await crdsListed;
    const crds = this.store.snapshot().resources.customresourcedefinitions;
    const crdsKnown = this.store.snapshot().kinds.customresourcedefinitions.state === 'ok';
    const custom = KINDS.filter((k) => k.crd).map((k) => {
      if (!crdsKnown) return listed(k);
      const crd = crds.find((c) => c.metadata.name === crdName(k));
      const version = crd ? servedVersion(crd, k) : undefined;
      if (crd && !version) {
        this.store.setStatus(k.key, {
          state: 'missing',
          message: `${crdName(k)} installed, but no supported version is served`,
        });
        return Promise.resolve();
      }
      return listed(version ? { ...k, version } : k);
    });
    await Promise.all([...builtIn, ...custom]);
  }

  async stop(): Promise<void> {
    for (const i of this.informers) i.stop();
    this.informers = [];
  }

  snapshot() {
    return this.store.snapshot();
  }

  preview() {
    return this.store.preview();
  }

  subscribeProgress(listener: () => void) {
    return this.store.subscribeProgress(listener);
  }

  subscribe(listener: Parameters<ObjectStore['subscribe']>[0]) {
    return this.store.subscribe(listener);
  }

  private descriptorOf(obj: KubeObject): KindDescriptor {
    const d = descriptorFor(obj.apiVersion, obj.kind);
    if (d) return { ...d, version: parseApiVersion(obj.apiVersion).version };
    // Kinds outside the product's list (e.g. a per-subset Service is core; others may be new) go through as-is.
    const { group, version } = parseApiVersion(obj.apiVersion);
    if (group === '' && obj.kind === 'ConfigMap') return { ...kindByKey('configmaps'), version };
    throw new ApiError(`${obj.apiVersion} ${obj.kind} is not a kind this tool writes`, {
      status: 400,
      reason: 'BadRequest',
      kind: obj.kind,
    });
  }

  private guard(opts: WriteOptions | undefined, what: string): void {
    assertWritable(this.readOnly, opts, `read-only mode: ${what} not sent`);
  }

  async apply(obj: KubeObject, opts: WriteOptions = {}): Promise<KubeObject> {
    this.guard(opts, `apply of ${obj.kind}/${obj.metadata.name}`);
    const d = this.descriptorOf(obj);
    const body = {
      ...obj,
      metadata: { ...obj.metadata, resourceVersion: undefined, uid: undefined, managedFields: undefined },
    };
    const out = await this.rest.request<KubeObject>(
      'PATCH',
      resourcePath(d, obj.metadata.namespace, obj.metadata.name),
      {
        query: {
          fieldManager: FIELD_MANAGER,
          force: opts.force ? true : undefined,
          dryRun: opts.dryRun ? 'All' : undefined,
        },
        body,
        contentType: 'application/apply-patch+yaml',
      },
    );
    return stripObject(out);
  }

  async mergePatch(
    d: KindDescriptor,
    namespace: string | undefined,
    name: string,
    patch: Record<string, unknown>,
    opts: WriteOptions = {},
  ): Promise<KubeObject> {
    this.guard(opts, `patch of ${d.kind}/${name}`);
    const out = await this.rest.request<KubeObject>('PATCH', resourcePath(d, namespace, name), {
      query: { fieldManager: FIELD_MANAGER, dryRun: opts.dryRun ? 'All' : undefined },
      body: patch,
      contentType: 'application/merge-patch+json',
    });
    return stripObject(out);
  }

  async create(obj: KubeObject, opts: WriteOptions = {}): Promise<KubeObject> {
    this.guard(opts, `create of ${obj.kind}/${obj.metadata.name}`);
    const d = this.descriptorOf(obj);
    const out = await this.rest.request<KubeObject>('POST', resourcePath(d, obj.metadata.namespace), {
      query: { fieldManager: FIELD_MANAGER, dryRun: opts.dryRun ? 'All' : undefined },
      body: { ...obj, metadata: { ...obj.metadata, resourceVersion: undefined, uid: undefined } },
    });
    return stripObject(out);
  }

  async delete(
    d: KindDescriptor,
    namespace: string | undefined,
    name: string,
    opts: WriteOptions = {},
  ): Promise<void> {
    this.guard(opts, `delete of ${d.kind}/${name}`);
    await this.rest.request('DELETE', resourcePath(d, namespace, name), {
      query: { dryRun: opts.dryRun ? 'All' : undefined },
    });
  }

  async get(d: KindDescriptor, namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
    try {
      const out = await this.rest.request<KubeObject>('GET', resourcePath(d, namespace, name));
      return stripObject(out);
    } catch (e) {
      if (isApiError(e) && e.status === 404) return undefined;
      throw e;
    }
  }

  async canI(check: AccessCheck): Promise<AccessResult> {
    const isWrite = !['get', 'list', 'watch'].includes(check.verb);
    if (isWrite && this.readOnly) return { allowed: false, reason: 'read-only mode is on' };
    const review = await this.rest.request<{
      status?: { allowed?: boolean; reason?: string; denied?: boolean };
    }>('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: { ...check } },
      },
    });
    const allowed = review.status?.allowed === true;
    const target = `${check.verb} ${check.resource}${check.group ? `.${check.group}` : ''}${check.namespace ? ` in ${check.namespace}` : ''}`;
    return allowed
      ? { allowed }
      : { allowed, reason: review.status?.reason || `the API server does not allow you to ${target}` };
  }

  async whoAmI(): Promise<Identity> {
    const r = await this.rest.request<{ status?: { userInfo?: { username?: string; groups?: string[] } } }>(
      'POST',
      '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      { body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } },
    );
    return { username: r.status?.userInfo?.username ?? 'unknown', groups: r.status?.userInfo?.groups ?? [] };
  }
}

function contextNamespace(kc: KubeConfig): string[] | undefined {
  const ctx = kc.getContexts().find((c) => c.name === kc.getCurrentContext());
  return ctx?.namespace ? [ctx.namespace] : undefined;
}

/**
 * Whether `s` is a real cluster source. Not `instanceof` alone: the shared connection lives on
 * globalThis and may come from another bundled copy of this module.
 */
export function isKubeSource(s: ClusterSource): s is KubeClusterSource {
  return s instanceof KubeClusterSource || (s.info().source === 'kube' && 'kubeConfig' in s && 'rest' in s);
}
