/** The built-in demo cluster: an in-memory ClusterSource with simulated Kubernetes and Istio controllers. */
import {
  type AccessCheck,
  type AccessResult,
  assertWritable,
  type ChangeEvent,
  type ClusterInfo,
  type ClusterSource,
  FIELD_MANAGER,
  type Identity,
  type WriteOptions,
} from '../cluster/source';
import { formatProblem } from '../files/parse';
import type { KindDescriptor } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';
import { readyPendingPods, reconcile } from './controllers';
import { demoCrds, systemNamespaces } from './crds';
import { IdGen } from './ids';
import { loadInto } from './materialize';
import { defaultScenarioDir, readScenario } from './scenario';
import { DemoStore } from './store';
import { DemoTelemetry } from './traffic/telemetry';
import { applyObject, createObject, deleteObject, patchObject } from './writes';

export interface DemoClusterOptions {
  /** Directory of scenario YAML; default `scenarios/demo` (or MESH_MIGRATOR_SCENARIO). */
  scenarioDir?: string;
  /** Use these objects instead of reading a scenario directory. */
  objects?: KubeObject[];
  seed?: number;
  readOnly?: boolean;
  /** Controller tick (pods become ready, rollouts finish); default 300 ms, 0 turns the timer off. */
  tickMs?: number;
  /** Node count; default from the scenario. */
  nodes?: number;
  /** Clock of the simulated telemetry, in ms (default `Date.now`). */
  clock?: () => number;
}

/** An in-memory cluster. Writes run the simulated controllers at once; `tick()` advances time-based work. */
export class DemoClusterSource implements ClusterSource {
  private readonly store: DemoStore;
  private readOnly: boolean;
  private nodes: string[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private loading: Promise<void> | undefined;
  /** Scenario documents that could not be read or whose kind the product does not read. */
  problems: string[] = [];
  private readonly traffic: DemoTelemetry;

  constructor(private readonly opts: DemoClusterOptions = {}) {
    this.store = new DemoStore(new IdGen(opts.seed ?? 42));
    this.readOnly = opts.readOnly ?? false;
    this.traffic = new DemoTelemetry(opts.clock);
  }

  /** The simulated mesh's metrics, from the call graph declared in the scenario. */
  telemetry(): DemoTelemetry {
    return this.traffic;
  }

  /** Recomputes the simulated traffic; writes what a scenario fault injects (once), as an outside writer would. */
  private refreshTraffic(): void {
    const writes = this.traffic.refresh(this.store.snapshot().resources, this.store.list('configmaps'));
    if (writes.length === 0) return;
    for (const obj of writes) this.store.write('authorizationpolicies', obj, 'scenario-fault');
    this.traffic.refresh(this.store.snapshot().resources, []);
  }

  info(): ClusterInfo {
    return { source: 'demo', name: 'demo', readOnly: this.readOnly };
  }

  setReadOnly(v: boolean): void {
    this.readOnly = v;
  }

  start(): Promise<void> {
    this.loading ??= this.load();
    return this.loading;
  }

  private async load(): Promise<void> {
    let objects = this.opts.objects;
    if (!objects) {
      const read = await readScenario(this.opts.scenarioDir ?? defaultScenarioDir());
      objects = read.objects;
      this.problems.push(...read.problems.map(formatProblem));
    }
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const system = [...systemNamespaces(), ...demoCrds(now)].filter(
      (s) => !objects.some((o) => o.kind === s.kind && o.metadata.name === s.metadata.name),
    );
    const result = loadInto(this.store, [...system, ...objects], { nodes: this.opts.nodes });
    this.nodes = result.nodes;
    this.problems.push(...result.skipped.map((s) => `not a kind the product reads: ${s}`));
    this.refreshTraffic();
    this.problems.push(...this.traffic.problems);
    const tickMs = this.opts.tickMs ?? 300;
    if (tickMs > 0) {
      this.timer = setInterval(() => this.tick(), tickMs);
      this.timer.unref?.();
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Advances simulated time: pods created since the last tick become ready, rollouts move on. */
  tick(): boolean {
    const ctx = this.context();
    if (!readyPendingPods(ctx)) return false;
    reconcile(ctx);
    this.refreshTraffic();
    return true;
  }

  private context() {
    return { store: this.store, nodes: this.nodes, initial: false };
  }

  snapshot() {
    return this.store.snapshot();
  }

  subscribe(listener: (event: ChangeEvent) => void): () => void {
    return this.store.subscribe(listener);
  }

  private guard(opts: WriteOptions | undefined, what: string): void {
    assertWritable(this.readOnly, opts, `read-only demo: ${what} not applied`);
  }

  private after<T>(opts: WriteOptions | undefined, result: T): T {
    if (!opts?.dryRun) {
      reconcile(this.context());
      this.refreshTraffic();
    }
    return structuredClone(result);
  }

  async apply(obj: KubeObject, opts: WriteOptions = {}): Promise<KubeObject> {
    this.guard(opts, `apply of ${obj.kind}/${obj.metadata?.name}`);
    return this.after(opts, applyObject(this.store, obj, FIELD_MANAGER, opts));
  }

  async mergePatch(
    d: KindDescriptor,
    namespace: string | undefined,
    name: string,
    patch: Record<string, unknown>,
    opts: WriteOptions = {},
  ): Promise<KubeObject> {
    this.guard(opts, `patch of ${d.kind}/${name}`);
    return this.after(opts, patchObject(this.store, d, namespace, name, patch, FIELD_MANAGER, opts));
  }

  async create(obj: KubeObject, opts: WriteOptions = {}): Promise<KubeObject> {
    this.guard(opts, `create of ${obj.kind}/${obj.metadata?.name}`);
    return this.after(opts, createObject(this.store, obj, FIELD_MANAGER, opts));
  }

  async delete(
    d: KindDescriptor,
    namespace: string | undefined,
    name: string,
    opts: WriteOptions = {},
  ): Promise<void> {
    this.guard(opts, `delete of ${d.kind}/${name}`);
    this.after(opts, deleteObject(this.store, d, namespace, name, opts));
  }

  async get(d: KindDescriptor, namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
    const o = this.store.get(d.key, d.namespaced ? namespace : undefined, name);
    return o && structuredClone(o);
  }

  /** Field managers of an object's fields (`.spec.replicas` → `kubectl`), for tests and diagnostics. */
  fieldManagers(d: KindDescriptor, namespace: string | undefined, name: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, m] of this.store.owners(d.key, d.namespaced ? namespace : undefined, name)) {
      out[`.${(JSON.parse(k) as string[]).join('.')}`] = m;
    }
    return out;
  }

  async canI(check: AccessCheck): Promise<AccessResult> {
    const write = !['get', 'list', 'watch'].includes(check.verb);
    return write && this.readOnly ? { allowed: false, reason: 'read-only demo' } : { allowed: true };
  }

  async whoAmI(): Promise<Identity> {
    return { username: 'demo-admin', groups: ['system:masters'] };
  }
}
