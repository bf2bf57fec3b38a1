/**
 * Inverted label index: answers "which owners have an item matching this selector" without
 * scanning every item. Items are label maps tagged with an owner index (e.g. a pod's workload);
 * identical label maps of one owner (pods of one ReplicaSet) are stored once.
 */
export class LabelIndex {
  /** namespace → label key → label value → item indexes. */
  private readonly postings = new Map<string, Map<string, Map<string, number[]>>>();
  private readonly labels: Record<string, string>[] = [];
  private readonly owners: number[] = [];
  private readonly byOwner = new Map<number, Record<string, string>[]>();

  add(namespace: string, labels: Record<string, string> | undefined, owner: number): void {
    if (!labels) return;
    const seen = this.byOwner.get(owner);
    if (seen?.some((l) => sameLabels(l, labels))) return;
    if (seen) seen.push(labels);
    else this.byOwner.set(owner, [labels]);
    const i = this.labels.length;
    this.labels.push(labels);
    this.owners.push(owner);
    let byKey = this.postings.get(namespace);
    if (!byKey) {
      byKey = new Map();
      this.postings.set(namespace, byKey);
    }
    for (const k in labels) {
      const v = labels[k] as string;
      let byValue = byKey.get(k);
      if (!byValue) {
        byValue = new Map();
        byKey.set(k, byValue);
      }
      const list = byValue.get(v);
      if (list) list.push(i);
      else byValue.set(v, [i]);
    }
  }

  /** Owners with at least one item matching every key/value of `selector` (empty selector matches nothing). */
  matchOwners(namespace: string, selector: Record<string, string> | undefined): Set<number> {
    const out = new Set<number>();
    const entries = Object.entries(selector ?? {});
    const byKey = this.postings.get(namespace);
    if (entries.length === 0 || !byKey) return out;
    let smallest: number[] | undefined;
    for (const [k, v] of entries) {
      const list = byKey.get(k)?.get(v);
      if (!list) return out;
      if (!smallest || list.length < smallest.length) smallest = list;
    }
    for (const i of smallest ?? []) {
      const owner = this.owners[i];
      if (owner === undefined || out.has(owner)) continue;
      const l = this.labels[i] ?? {};
      if (entries.every(([k, v]) => l[k] === v)) out.add(owner);
    }
    return out;
  }
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  if (a === b) return true;
  let n = 0;
  for (const k in a) {
    if (a[k] !== b[k]) return false;
    n += 1;
  }
  for (const _ in b) n -= 1;
  return n === 0;
}
