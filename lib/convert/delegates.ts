import type { HTTPMatchRequest, IstioHTTPRoute, StringMatch, VirtualServiceSpec } from '../model/istio/spec';
import type { ConvertContext } from './context';
import { type ConvertLookup, memo, type Parsed } from './lookup';
import { fieldPath } from './warnings';

/**
 * VirtualService delegation, as Istio merges it (one level): each rule of the delegate becomes a
 * rule of the root, its matches merged with the root rule's (a delegate match must lie within a
 * root match, else Istio ignores that delegate rule), and the root's name, rewrite, timeout,
 * retries, fault, mirror, CORS and headers filling what the delegate rule leaves unset.
 */

/** One HTTP rule to convert: the root's own, or a delegate's rule inlined into root rule `rootIndex`. */
export interface HttpRuleEntry {
  rule: IstioHTTPRoute;
  /** Index of the rule in `resource` (the root, or the delegate VirtualService). */
  index: number;
  rootIndex: number;
  /** `VirtualService/ns/name` the rule comes from; differs from the root's for inlined rules. */
  resource: string;
  /** Paths (in `resource`) of the merged matches, one per match. */
  matchPaths?: string[];
  /** The delegate object, for inlined rules. */
  delegate?: Parsed<VirtualServiceSpec>;
}

function byKey(lookup: ConvertLookup): Map<string, Parsed<VirtualServiceSpec>> {
  return memo(
    lookup,
    'index:vs-by-key',
    () => new Map(lookup.virtualServices.map((v) => [`${v.namespace}/${v.name}`, v])),
  );
}

/** Root VirtualServices (`ns/name`) that delegate to each VirtualService, for the delegate's own report. */
export function delegatingRoots(lookup: ConvertLookup, namespace: string, name: string): string[] {
  const index = memo(lookup, 'index:delegate-roots', () => {
    const out = new Map<string, Set<string>>();
    for (const vs of lookup.virtualServices)
      for (const r of vs.spec.http ?? []) {
        if (!r.delegate?.name) continue;
        const key = `${r.delegate.namespace || vs.namespace}/${r.delegate.name}`;
        const set = out.get(key) ?? new Set<string>();
        set.add(`${vs.namespace}/${vs.name}`);
        out.set(key, set);
      }
    return out;
  });
  return [...(index.get(`${namespace}/${name}`) ?? [])].sort();
}

/** Istio's `stringMatchConflict`: may the delegate's `leaf` narrow the root's `root`? */
function stringConflict(root: StringMatch | undefined, leaf: StringMatch | undefined): boolean {
  if (!root || !leaf) return false;
  if (root.regex || leaf.regex) return true;
  if (root.exact) return !!leaf.prefix || leaf.exact !== root.exact;
  if (root.prefix) {
    if (leaf.prefix) return !leaf.prefix.startsWith(root.prefix);
    if (leaf.exact) return !leaf.exact.startsWith(root.prefix);
  }
  return true;
}

function conflicts(root: HTTPMatchRequest, leaf: HTTPMatchRequest): boolean {
  const pairs: (keyof HTTPMatchRequest)[] = ['uri', 'scheme', 'method', 'authority'];
  for (const k of pairs)
    if (stringConflict(root[k] as StringMatch | undefined, leaf[k] as StringMatch | undefined)) return true;
  for (const [k, v] of Object.entries(leaf.headers ?? {}))
    if (stringConflict(root.headers?.[k], v)) return true;
  for (const [k, v] of Object.entries(leaf.withoutHeaders ?? {}))
    if (stringConflict(root.headers?.[k], v)) return true;
  for (const [k, v] of Object.entries(leaf.queryParams ?? {}))
    if (stringConflict(root.queryParams?.[k], v)) return true;
  if ((root.ignoreUriCase ?? false) !== (leaf.ignoreUriCase ?? false)) return true;
  return root.port !== undefined && leaf.port !== undefined && root.port !== leaf.port;
}

function joinName(root: string | undefined, leaf: string | undefined): string | undefined {
  if (!leaf) return root;
  return root ? `${root}-${leaf}` : leaf;
}

function mergeMaps<T>(a: Record<string, T> | undefined, b: Record<string, T> | undefined) {
  return a || b ? { ...(a ?? {}), ...(b ?? {}) } : undefined;
}

function mergeMatch(root: HTTPMatchRequest, leaf: HTTPMatchRequest): HTTPMatchRequest {
  const out: HTTPMatchRequest = { ...leaf };
  const name = joinName(root.name, leaf.name);
  if (name !== undefined) out.name = name;
  for (const k of ['uri', 'scheme', 'method', 'authority'] as const) if (!out[k] && root[k]) out[k] = root[k];
  const headers = mergeMaps(root.headers, leaf.headers);
  if (headers) out.headers = headers;
  const without = mergeMaps(root.withoutHeaders, leaf.withoutHeaders);
  if (without) out.withoutHeaders = without;
  const query = mergeMaps(root.queryParams, leaf.queryParams);
  if (query) out.queryParams = query;
  if (out.port === undefined && root.port !== undefined) out.port = root.port;
  return out;
}

/** Merged matches with their paths in the delegate, or undefined when Istio finds a conflict. */
function mergeMatches(
  root: HTTPMatchRequest[],
  leaf: HTTPMatchRequest[],
  leafBase: string,
): { match: HTTPMatchRequest[]; paths: string[] } | undefined {
  if (leaf.length === 0) return { match: root, paths: root.map(() => leafBase) };
  if (root.length === 0)
    return { match: leaf, paths: leaf.map((_, k) => fieldPath(fieldPath(leafBase, 'match'), k)) };
  const match: HTTPMatchRequest[] = [];
  const paths: string[] = [];
  for (const [k, l] of leaf.entries()) {
    let found = false;
    for (const r of root) {
      if (conflicts(r, l)) continue;
      match.push(mergeMatch(r, l));
      paths.push(fieldPath(fieldPath(leafBase, 'match'), k));
      found = true;
    }
    if (!found) return undefined;
  }
  return match.length ? { match, paths } : undefined;
}

function inherit(root: IstioHTTPRoute, leaf: IstioHTTPRoute): IstioHTTPRoute {
  const out: IstioHTTPRoute = { ...leaf };
  const name = joinName(root.name, leaf.name);
  if (name !== undefined) out.name = name;
  const keys = [
    'rewrite',
    'timeout',
    'retries',
    'fault',
    'mirror',
    'mirrorPercent',
    'mirrorPercentage',
    'corsPolicy',
    'headers',
  ] as const;
  for (const k of keys)
    if (out[k] === undefined && root[k] !== undefined) Object.assign(out, { [k]: root[k] });
  return out;
}

function exportedTo(vs: Parsed<VirtualServiceSpec>, namespace: string): boolean {
  const to = vs.spec.exportTo;
  if (!to || to.length === 0) return true;
  return to.includes('*') || to.includes(namespace) || (to.includes('.') && vs.namespace === namespace);
}

/**
 * The HTTP rules of a VirtualService with delegations inlined where Istio's merge is unambiguous.
 * Reports, at the field concerned, every delegate rule Istio itself would ignore and every
 * delegation that cannot be followed.
 */
export function expandDelegates(
  spec: VirtualServiceSpec,
  source: string,
  ctx: ConvertContext,
): HttpRuleEntry[] {
  const out: HttpRuleEntry[] = [];
  for (const [i, rule] of (spec.http ?? []).entries()) {
    if (!rule.delegate) {
      out.push({ rule, index: i, rootIndex: i, resource: source });
      continue;
    }
    const field = fieldPath(fieldPath(fieldPath('spec', 'http'), i), 'delegate');
    const ns = rule.delegate.namespace || ctx.namespace;
    const target = rule.delegate.name ? byKey(ctx.lookup).get(`${ns}/${rule.delegate.name}`) : undefined;
    const ref = `VirtualService/${ns}/${rule.delegate.name ?? ''}`;
    if (!target) {
      ctx.report.add(
        'error',
        field,
        'delegate-not-found',
        `delegate ${ns}/${rule.delegate.name ?? '(no name)'} is not in the input; its rules cannot be inlined, the rule is dropped (convert with the delegate in the input)`,
      );
      continue;
    }
    if (!exportedTo(target, ctx.namespace)) {
      ctx.report.add(
        'warning',
        field,
        'delegate-not-exported',
        `delegate ${ns}/${target.name} is not exported to ${ctx.namespace}; Istio ignores the delegation, and so does the conversion`,
      );
      continue;
    }
    const delegateReport = ctx.reporterFor(ref);
    const rootMatches = rule.match ?? [];
    let inlined = 0;
    for (const [j, leaf] of (target.spec.http ?? []).entries()) {
      const leafBase = fieldPath(fieldPath('spec', 'http'), j);
      const merged = mergeMatches(rootMatches, leaf.match ?? [], leafBase);
      if (!merged) {
        delegateReport.add(
          'warning',
          leaf.match?.length ? fieldPath(leafBase, 'match') : leafBase,
          'delegate-rule-conflict',
          `the matches of this rule are not within those of ${source} spec.http[${i}]; Istio ignores the rule there, and it is not inlined`,
        );
        continue;
      }
      const r = inherit(rule, leaf);
      delete r.delegate;
      delete r.matchMapping;
      if (merged.match.length) r.match = merged.match;
      else delete r.match;
      out.push({
        rule: r,
        index: j,
        rootIndex: i,
        resource: ref,
        matchPaths: merged.paths,
        delegate: target,
      });
      inlined++;
    }
    ctx.report.add(
      inlined ? 'info' : 'warning',
      field,
      'delegate-inlined',
      inlined
        ? `${inlined} rule(s) of delegate ${ns}/${target.name} inlined here, matches merged as Istio merges them`
        : `no rule of delegate ${ns}/${target.name} lies within this rule's matches; Istio routes nothing here either`,
    );
  }
  return out;
}
