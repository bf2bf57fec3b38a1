import 'server-only';
import { dirtyScope } from '../cluster/dirty';
import type { ClusterSnapshot, ResourceSet } from '../cluster/snapshot';
import type { ChangeEvent, ClusterSource } from '../cluster/source';
import { KINDS, type KindKey } from '../k8s/kinds';
import type { KubeObject } from '../k8s/objects';
import {
  combineCounts,
  combineSummary,
  type NamespaceSummary,
  summarizeNamespace,
  summaryNamespaces,
} from '../mesh/summary';
import type { ClusterSummary } from '../mesh/views';
import type { CheckedOf } from '../migrate';
import { namespaceChecks } from '../migrate/wave-inputs';
import { indexOf, kindChanged, sameObjects } from '../model/cluster-index';
import { processWide } from '../model/process-wide';
import { referrersOf } from '../model/references';
import type { NamespaceDetailView, NamespaceRow, SummaryView } from '../views/summary';
import { backgroundTurn } from './foreground';
import { UserClusterSource } from './user-source';

type Findings = NamespaceDetailView['findings'];

interface NamespaceResult {
  part: NamespaceSummary;
  /** Undefined while the first computation has counted the namespace but not yet checked it. */
  findings?: Findings;
  /** Why the namespace needs a waypoint (the wave planner reads it with the findings). */
  l7?: string[];
  row?: NamespaceRow;
}

/**
 * Namespaces counted while the first lists ran: those before the one a kind still being listed has
 * reached (its objects come in namespace order), kept for the first computation if what they read
 * is then unchanged: every other kind's list, and their own objects of the listed kind.
 */
interface EarlyCounts {
  kind: KindKey;
  /** Every other kind's list when the namespaces were counted. */
  others: Map<KindKey, readonly KubeObject[]>;
  counted: Map<string, { result: NamespaceResult; objects: readonly KubeObject[] }>;
}

/** The early counts still true of `resources`: every other kind's list is the one they read. */
function stillTrue(early: EarlyCounts | undefined, resources: ResourceSet): EarlyCounts | undefined {
  if (!early) return undefined;
  return KINDS.every((k) => k.key === early.kind || early.others.get(k.key) === resources[k.key])
    ? early
    : undefined;
}

/** A namespace's early count, when its objects of the listed kind are the ones it read. */
function earlyCount(early: EarlyCounts, resources: ResourceSet, ns: string): NamespaceResult | undefined {
  const hit = early.counted.get(ns);
  if (!hit) return undefined;
  return sameObjects(indexOf(resources).all(early.kind, ns), hit.objects) ? hit.result : undefined;
}

/** One published state: every namespace's result and the summary joined from them. */
interface Published {
  snapshot: ClusterSnapshot;
  /** Joined on first read: a recompute nobody reads costs its namespaces only. */
  readonly summary: ClusterSummary;
  /** The summary's cluster-wide parts and pod counts (what the Overview reads), on first read. */
  readonly counts: Pick<ClusterSummary, 'waypoints' | 'controlPlane' | 'pods'>;
  rows: NamespaceRow[];
  results: Map<string, NamespaceResult>;
}

/** A finished recompute: its revision and the namespaces whose results changed (undefined: all). */
export interface SummaryUpdate {
  revision: number;
  namespaces?: string[];
}

/** One namespace's summary, findings and table row; `counted` only: its findings are left pending. */
function computeNamespace(resources: ResourceSet, ns: string, counted?: NamespaceSummary): NamespaceResult {
  const part = counted ?? summarizeNamespace(resources, ns);
  if (!part.view) return { part, findings: [], l7: [] };
  const { findings, l7 } = namespaceChecks(resources, ns);
  const row = {
    ...part.view,
    blockers: findings.filter((f) => f.severity === 'blocker').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
  };
  return { part, findings, l7, row };
}

/** A namespace counted, its findings still to be checked. */
function countNamespace(resources: ResourceSet, ns: string): NamespaceResult {
  const part = summarizeNamespace(resources, ns);
  if (!part.view) return { part, findings: [] };
  return { part, row: { ...part.view, blockers: 0, warnings: 0, findingsPending: true } };
}

/** Joins namespace results (every namespace of the snapshot) into a published state. */
function publish(
  snapshot: ClusterSnapshot,
  results: Map<string, NamespaceResult>,
  names: string[] = summaryNamespaces(snapshot.resources),
): Published {
  const ordered = names.map((n) => results.get(n)).filter((r): r is NamespaceResult => r !== undefined);
  const parts = ordered.map((r) => r.part);
  let summary: ClusterSummary | undefined;
  let counts: Published['counts'] | undefined;
  return {
    snapshot,
    get summary() {
      summary ??= combineSummary(snapshot.resources, parts, this.counts);
      return summary;
    },
    get counts() {
      counts ??= combineCounts(snapshot.resources, parts);
      return counts;
    },
    rows: ordered.flatMap((r) => (r.row ? [r.row] : [])),
    results,
  };
}

// Changes come in bursts (a rollout touches many pods): wait this long to take them together.
const DEBOUNCE_MS = 50;
// Work this long, then let requests and server-sent events through before going on.
const SLICE_MS = 4;

// While the first lists run, a pass counting the namespaces they have finished waits this long
// after the progress that started it (pages come many per second).
const EARLY_PASS_MS = 500;

// After the first counts are published, the findings check waits this long.
const ANSWER_FIRST_MS = 150;
// While the first findings are checked, publish the progress this often.
const PROGRESS_MS = 1000;

// Between two slices of a recompute, API requests being handled are waited for this long at most;
// not while the first counts are taken (what the earliest requests wait for).
const FOREGROUND_WAIT_MS = 50;

/** Lets requests and events through once a slice of work has run. */
class Slicer {
  private start = performance.now();

  constructor(private readonly foregroundWaitMs: number) {}

  async pause(): Promise<void> {
    if (performance.now() - this.start <= SLICE_MS) return;
    await backgroundTurn(this.foregroundWaitMs);
    this.start = performance.now();
  }
}

/**
 * The Overview / Namespaces model of one cluster source, kept current in the background: a change
 * marks its namespace (and the namespaces whose routes point into it) dirty, and only those are
 * recomputed, in slices that let requests and events through. Readers get the latest published
 * state at once; only the very first computation is awaited.
 */
class LiveSummary {
  private results = new Map<string, NamespaceResult>();
  private dirty = new Set<string>();
  private allDirty = true;
  // Per kind, the namespaces whose objects changed since the last recompute began (undefined: a
  // relist or a change without an object, which re-buckets the whole kind).
  private touched = new Map<KindKey, Set<string> | undefined>();
  private touchedLost = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private published: Published | undefined;
  private readonly first: Promise<Published>;
  private resolveFirst!: (p: Published) => void;
  private readonly listeners = new Set<(u: SummaryUpdate) => void>();
  // Until the source's first lists are in: namespaces counted meanwhile, and the pass counting them.
  private early: EarlyCounts | undefined;
  private earlyPass: Promise<void> | undefined;
  private earlyAgain = false;
  private stopEarly: (() => void) | undefined;
  // Ends a pass's wait at once: the first computation does not wait for a pass that has not begun.
  private wakeEarly: (() => void) | undefined;

  /** `listed`: when given, the first computation waits for it (the source's first lists). */
  constructor(
    private readonly source: ClusterSource,
    private listed?: Promise<unknown>,
  ) {
    this.first = new Promise((r) => {
      this.resolveFirst = r;
    });
    source.subscribe((e) => this.onChange(e));
    if (listed && source.subscribeProgress)
      this.stopEarly = source.subscribeProgress(() => this.countEarly());
    this.schedule(0);
  }

  /** Counts, in the background, the namespaces the first lists have finished (one pass at a time). */
  private countEarly(): void {
    if (this.earlyPass) {
      this.earlyAgain = true;
      return;
    }
    this.earlyPass = (async () => {
      do {
        this.earlyAgain = false;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, EARLY_PASS_MS);
          this.wakeEarly = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeEarly = undefined;
        if (!this.stopEarly) return;
        await this.countListed();
      } while (this.earlyAgain && this.stopEarly);
    })()
      .catch((e) => {
        this.early = undefined;
        console.error('summary: counting during the first lists failed', e);
      })
      .finally(() => {
        this.earlyPass = undefined;
      });
  }

  /**
   * One pass: when one kind alone is still being listed, in namespace order, and every other kind
   * is in, counts the namespaces before the one it has reached that are not counted yet.
   */
  private async countListed(): Promise<void> {
    const preview = this.source.preview?.();
    if (preview?.listing.size !== 1) return;
    const [kind, through] = [...preview.listing][0] ?? [];
    if (!kind || through === undefined) {
      this.early = undefined;
      return;
    }
    const kinds = this.source.snapshot().kinds;
    if (KINDS.some((k) => k.key !== kind && kinds[k.key].state === 'loading')) return;
    const { resources } = preview.snapshot;
    let early = this.early?.kind === kind ? stillTrue(this.early, resources) : undefined;
    if (!early) {
      const others = new Map(
        KINDS.filter((k) => k.key !== kind).map((k) => [k.key, resources[k.key]] as const),
      );
      early = { kind, others, counted: new Map() };
    }
    this.early = early;
    const ix = indexOf(resources);
    const slices = new Slicer(0);
    for (const ns of summaryNamespaces(resources)) {
      if (ns >= through) break;
      if (early.counted.has(ns)) continue;
      early.counted.set(ns, { result: countNamespace(resources, ns), objects: ix.all(kind, ns) });
      await slices.pause();
      if (!this.stopEarly || this.early !== early) return;
    }
  }

  private onChange(e: ChangeEvent): void {
    if (e.kind) {
      const ns = e.object?.metadata.namespace;
      const known = this.touched.has(e.kind) ? this.touched.get(e.kind) : new Set<string>();
      const object = e.type === 'ADDED' || e.type === 'MODIFIED' || e.type === 'DELETED';
      if (known && object && ns !== undefined) this.touched.set(e.kind, known.add(ns));
      else this.touched.set(e.kind, undefined);
    }
    const scope = dirtyScope(e);
    if (scope.all) this.allDirty = true;
    else for (const ns of scope.namespaces) this.dirty.add(ns);
    this.schedule(DEBOUNCE_MS);
  }

  private schedule(ms: number): void {
    if (this.timer || this.running) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, ms);
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      if (this.listed) {
        await this.listed;
        this.listed = undefined;
        this.stopEarly?.();
        this.stopEarly = undefined;
        this.wakeEarly?.();
        await this.earlyPass;
      }
      await this.recompute();
    } catch (e) {
      // What changed since the published snapshot is no longer known: re-bucket every kind next time.
      this.touchedLost = true;
      console.error('summary: recompute failed', e);
    } finally {
      this.running = false;
      if (this.allDirty || this.dirty.size > 0) this.schedule(DEBOUNCE_MS);
    }
  }

  /** Namespaces to recompute now: the dirty ones, their referrers, and new or vanished ones. */
  private targets(resources: ResourceSet, names: string[]): { targets: string[]; all: boolean } {
    const all = this.allDirty || !this.published;
    const dirty = this.dirty;
    this.allDirty = false;
    this.dirty = new Set();
    if (all) return { targets: names, all: true };
    const referrers = referrersOf(indexOf(resources));
    for (const ns of [...dirty]) for (const r of referrers.get(ns) ?? []) dirty.add(r);
    for (const ns of names) if (!this.results.has(ns)) dirty.add(ns);
    return { targets: names.filter((n) => dirty.has(n)), all: false };
  }

  private async recompute(): Promise<void> {
    const snapshot = this.source.snapshot();
    const resources = snapshot.resources;
    const prev = this.published?.snapshot.resources;
    const touched = new Map<KindKey, Set<string>>();
    if (!this.touchedLost)
      for (const [kind, namespaces] of this.touched) if (namespaces) touched.set(kind, namespaces);
    this.touched = new Map();
    this.touchedLost = false;
    if (prev && prev !== resources) {
      // Kinds whose arrays did not change keep their buckets and the indexes built on them; of
      // those that changed, only the namespaces named by the events are bucketed anew.
      const changed = KINDS.map((k) => k.key).filter((k) => kindChanged(prev, resources, k));
      indexOf(prev).derive(resources, changed, { touched });
    }
    const names = summaryNamespaces(resources);
    const first = !this.published;
    const { targets, all } = this.targets(resources, names);
    const next = new Map<string, NamespaceResult>();
    for (const ns of names) {
      const prev = this.results.get(ns);
      if (prev) next.set(ns, prev);
    }
    const slices = new Slicer(FOREGROUND_WAIT_MS);
    if (first) {
      // The first computation counts every namespace and publishes before checking any: the
      // Overview and the table show the whole cluster while the findings are still being checked.
      const counting = new Slicer(0);
      const early = stillTrue(this.early, resources);
      this.early = undefined;
      for (const ns of targets) {
        next.set(ns, (early && earlyCount(early, resources, ns)) ?? countNamespace(resources, ns));
        await counting.pause();
      }
      this.publish(snapshot, next, names, { revision: snapshot.revision });
      let lastPublished = performance.now();
      // Readers waiting for the first counts (the Overview, the table) are answered before the
      // check's slices begin: a 650 KB answer at 2,000 namespaces is written in many turns.
      await new Promise((r) => setTimeout(r, ANSWER_FIRST_MS));
      for (const ns of targets) {
        const counted = next.get(ns);
        if (counted?.findings) continue;
        next.set(ns, computeNamespace(resources, ns, counted?.part));
        await slices.pause();
        if (performance.now() - lastPublished > PROGRESS_MS) {
          this.publish(snapshot, next, names, { revision: snapshot.revision });
          lastPublished = performance.now();
        }
      }
    } else {
      for (const ns of targets) {
        next.set(ns, computeNamespace(resources, ns));
        await slices.pause();
      }
    }
    this.publish(
      snapshot,
      next,
      names,
      all ? { revision: snapshot.revision } : { revision: snapshot.revision, namespaces: targets },
    );
  }

  private publish(
    snapshot: ClusterSnapshot,
    results: Map<string, NamespaceResult>,
    names: string[],
    update: SummaryUpdate,
  ): void {
    this.results = new Map(results);
    this.published = publish(snapshot, this.results, names);
    this.resolveFirst(this.published);
    for (const l of this.listeners) l(update);
  }

  /** The latest published state; waits only for the first computation. */
  async current(): Promise<Published> {
    return this.published ?? this.first;
  }

  subscribe(listener: (u: SummaryUpdate) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

// Process-wide: the start-up warm-up, every route and dev-mode module reloads share one model per source.
const models = processWide('summary:models', () => new WeakMap<ClusterSource, LiveSummary>());

/** The shared cache behind a per-request user view. */
function sharedOf(source: ClusterSource): ClusterSource {
  return source instanceof UserClusterSource ? source.shared : source;
}

function modelOf(source: ClusterSource, listed?: Promise<unknown>): LiveSummary {
  const shared = sharedOf(source);
  let m = models.get(shared);
  if (!m) {
    m = new LiveSummary(shared, listed);
    models.set(shared, m);
  }
  return m;
}

// Users whose RBAC filters the cache see a filtered snapshot: computed whole, once per snapshot.
const filteredStates = new WeakMap<ClusterSnapshot, Published>();

function computeAll(snapshot: ClusterSnapshot): Published {
  const hit = filteredStates.get(snapshot);
  if (hit) return hit;
  const results = new Map<string, NamespaceResult>();
  for (const ns of summaryNamespaces(snapshot.resources))
    results.set(ns, computeNamespace(snapshot.resources, ns));
  const published = publish(snapshot, results);
  filteredStates.set(snapshot, published);
  return published;
}

/** A user's view that RBAC filters out of the shared cache: the background model is not theirs. */
function filteredView(source: ClusterSource): boolean {
  const shared = sharedOf(source);
  return shared !== source && source.snapshot() !== shared.snapshot();
}

/** The state a source's reader sees: the live model, or a whole computation for a filtered view. */
async function stateOf(source: ClusterSource): Promise<Published> {
  if (filteredView(source)) return computeAll(source.snapshot());
  return modelOf(source).current();
}

/**
 * Starts the background model of a source (idempotent), so pages find it warm. Given `listed` (the
 * source's first lists, not yet in), it counts the namespaces those lists finish meanwhile and
 * computes the first summary once they are in.
 */
export function watchSummary(
  source: ClusterSource,
  listener?: (u: SummaryUpdate) => void,
  listed?: Promise<unknown>,
): () => void {
  const m = modelOf(source, listed);
  return listener ? m.subscribe(listener) : () => {};
}

function incomplete(snap: ClusterSnapshot): SummaryView['incomplete'] {
  return KINDS.filter((k) => snap.kinds[k.key].state !== 'ok' && k.key !== 'configmaps').map((k) => ({
    kind: k.label,
    state: snap.kinds[k.key].state,
    message: snap.kinds[k.key].message,
  }));
}

/** The Overview / Namespaces view: the latest computed state, never a recompute. */
export async function summaryView(source: ClusterSource): Promise<SummaryView> {
  const p = await stateOf(source);
  return { ...publishedView(p), incomplete: incomplete(source.snapshot()) };
}

function publishedView(p: Published): Omit<SummaryView, 'incomplete'> {
  return {
    revision: p.snapshot.revision,
    namespaces: p.rows,
    controlPlane: p.counts.controlPlane,
    waypoints: p.counts.waypoints,
    pods: p.counts.pods,
    findingsPending: p.rows.filter((r) => r.findingsPending).length,
  };
}

// The view of a published state as JSON, written once (650 KB at 2,000 namespaces) for every
// request that reads that state.
const publishedJson = processWide('summary:json', () => new WeakMap<Published, string>());

/** {@link summaryView} as JSON text, the same for every reader of one published state. */
export async function summaryJson(source: ClusterSource): Promise<string> {
  const p = await stateOf(source);
  let json = publishedJson.get(p);
  if (json === undefined) {
    json = JSON.stringify(publishedView(p));
    publishedJson.set(p, json);
  }
  return `${json.slice(0, -1)},"incomplete":${JSON.stringify(incomplete(source.snapshot()))}}`;
}

/** One namespace's view; undefined when the namespace is unknown. */
export async function namespaceDetailView(
  source: ClusterSource,
  name: string,
): Promise<NamespaceDetailView | undefined> {
  const p = await stateOf(source);
  const r = p.results.get(name);
  if (!r?.row) return undefined;
  // Still pending in the background: one namespace is quick to check here.
  const checked = r.findings ? r : computeNamespace(p.snapshot.resources, name, r.part);
  if (!checked.row || !checked.findings) return undefined;
  return {
    revision: p.snapshot.revision,
    namespace: checked.row,
    labels: indexOf(p.snapshot.resources).namespace(name)?.metadata.labels ?? {},
    workloads: r.part.workloads,
    services: r.part.services,
    findings: checked.findings,
  };
}

/**
 * The summary and the snapshot it was computed from, for the topology and the wave planner, with
 * each namespace's findings and L7 reasons where the background has checked them.
 */
export async function publishedSummary(
  source: ClusterSource,
): Promise<{ snapshot: ClusterSnapshot; summary: ClusterSummary; checkedOf: CheckedOf }> {
  const p = await stateOf(source);
  const checkedOf: CheckedOf = (ns) => {
    const r = p.results.get(ns);
    return r?.findings && r.l7 ? { findings: r.findings, l7: r.l7 } : undefined;
  };
  return { snapshot: p.snapshot, summary: p.summary, checkedOf };
}

/**
 * The snapshot reads that must stay fast under churn use: the one the background summary last
 * finished (its indexes are built), or a filtered user's own view.
 */
export async function computedSnapshot(source: ClusterSource): Promise<ClusterSnapshot> {
  if (filteredView(source)) return source.snapshot();
  return (await modelOf(source).current()).snapshot;
}

/**
 * What stays the same object for as long as the background model has not recomputed `ns` (its
 * result, or the filtered snapshot for a user the cache is filtered for): a key for values
 * derived from the namespace, such as its migration plan.
 */
export async function namespaceVersion(source: ClusterSource, ns: string): Promise<object> {
  if (filteredView(source)) return source.snapshot().resources;
  const published = await modelOf(source).current();
  return published.results.get(ns) ?? published.snapshot.resources;
}
