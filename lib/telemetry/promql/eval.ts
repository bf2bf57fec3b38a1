import type { SyntaxNode } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';
import { aggregate, applyOp, histogramQuantile, type Matching, vectorOp } from './ops';
import {
  dropName,
  durationSeconds,
  type Labels,
  PromQLError,
  type Series,
  type SeriesReader,
  type Value,
  type VectorSample,
} from './types';

interface Ctx {
  text: string;
  reader: SeriesReader;
  /** Evaluation time, unix seconds. */
  t: number;
}

const children = (n: SyntaxNode): SyntaxNode[] => {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
};
const src = (ctx: Ctx, n: SyntaxNode) => ctx.text.slice(n.from, n.to);

function firstError(n: SyntaxNode): SyntaxNode | undefined {
  if (n.type.isError) return n;
  for (const c of children(n)) {
    const e = firstError(c);
    if (e) return e;
  }
  return undefined;
}

function stringLiteral(raw: string): string {
  if (raw.startsWith('`')) return raw.slice(1, -1);
  if (raw.startsWith("'"))
    return JSON.parse(`"${raw.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"`);
  return JSON.parse(raw);
}

type Matcher = (labels: Labels) => boolean;

function matcher(name: string, op: string, value: string): Matcher {
  const get = (l: Labels) => l[name] ?? '';
  if (op === '=') return (l) => get(l) === value;
  if (op === '!=') return (l) => get(l) !== value;
  const re = new RegExp(`^(?:${value})$`);
  if (op === '=~') return (l) => re.test(get(l));
  if (op === '!~') return (l) => !re.test(get(l));
  throw new PromQLError(`unknown match operator ${op}`);
}

function selectSeries(ctx: Ctx, n: SyntaxNode): readonly Series[] {
  let name = '';
  const matchers: Matcher[] = [];
  for (const c of children(n)) {
    if (c.name === 'Identifier') name = src(ctx, c);
    if (c.name !== 'LabelMatchers') continue;
    for (const m of children(c)) {
      if (m.name !== 'UnquotedLabelMatcher' && m.name !== 'QuotedLabelMatcher') continue;
      const parts = children(m);
      const label = parts.find((p) => p.name === 'LabelName' || p.name === 'QuotedLabelName');
      const op = parts.find((p) => p.name === 'MatchOp');
      const value = parts.find((p) => p.name === 'StringLiteral');
      if (!label || !op || !value) continue;
      const labelName = label.name === 'QuotedLabelName' ? stringLiteral(src(ctx, label)) : src(ctx, label);
      const v = stringLiteral(src(ctx, value));
      if (labelName === '__name__' && src(ctx, op) === '=') name = v;
      else matchers.push(matcher(labelName, src(ctx, op), v));
    }
  }
  if (!name) throw new PromQLError('the demo needs a metric name in every selector');
  return ctx.reader.series(name).filter((s) => matchers.every((m) => m(s.labels)));
}

function instantVector(series: readonly Series[], t: number): VectorSample[] {
  const out: VectorSample[] = [];
  for (const s of series) {
    const v = s.valueAt(t);
    if (Number.isFinite(v)) out.push({ labels: s.labels, value: v });
  }
  return out;
}

const asVector = (v: Value, what: string): VectorSample[] => {
  if (v.type === 'vector') return v.samples;
  throw new PromQLError(`${what} expects an instant vector, got a ${v.type}`);
};
const asScalar = (v: Value, what: string): number => {
  if (v.type === 'scalar') return v.value;
  throw new PromQLError(`${what} expects a scalar, got a ${v.type}`);
};

function evalNode(ctx: Ctx, n: SyntaxNode): Value {
  switch (n.name) {
    case 'PromQL':
    case 'ParenExpr': {
      const inner = children(n).find((c) => !['(', ')'].includes(c.name));
      if (!inner) throw new PromQLError('empty expression');
      return evalNode(ctx, inner);
    }
    case 'NumberDurationLiteral':
      return { type: 'scalar', value: Number(src(ctx, n).replace(/^([+-]?)inf$/i, '$1Infinity')) };
    case 'StringLiteral':
      return { type: 'string', value: stringLiteral(src(ctx, n)) };
    case 'VectorSelector':
      return { type: 'vector', samples: instantVector(selectSeries(ctx, n), ctx.t) };
    case 'MatrixSelector': {
      const [sel, range] = children(n).filter(
        (c) => c.name === 'VectorSelector' || c.name === 'DurationExpr',
      );
      if (!sel || !range) throw new PromQLError('range selector without a range');
      return {
        type: 'matrix',
        series: selectSeries(ctx, sel),
        from: ctx.t - durationSeconds(src(ctx, range)),
        to: ctx.t,
      };
    }
    case 'OffsetExpr': {
      const [expr, , dur] = children(n);
      if (!expr || !dur) throw new PromQLError('offset without a duration');
      const offset = durationSeconds(src(ctx, dur).replace(/^-/, ''));
      const sign = src(ctx, dur).startsWith('-') ? -1 : 1;
      return evalNode({ ...ctx, t: ctx.t - sign * offset }, expr);
    }
    case 'UnaryExpr': {
      const [op, expr] = children(n);
      if (!op || !expr) throw new PromQLError('unary operator without an operand');
      const v = evalNode(ctx, expr);
      if (src(ctx, op) === '+') return v;
      if (v.type === 'scalar') return { type: 'scalar', value: -v.value };
      return {
        type: 'vector',
        samples: asVector(v, 'unary -').map((s) => ({ labels: dropName(s.labels), value: -s.value })),
      };
    }
    case 'BinaryExpr':
      return evalBinary(ctx, n);
    case 'AggregateExpr':
      return evalAggregate(ctx, n);
    case 'FunctionCall':
      return evalFunction(ctx, n);
    default:
      throw new PromQLError(`"${src(ctx, n)}" (${n.name}) is not supported by the demo's telemetry`);
  }
}

function evalBinary(ctx: Ctx, n: SyntaxNode): Value {
  const parts = children(n);
  const [lhs, opNode] = parts;
  const rhs = parts[parts.length - 1];
  if (!lhs || !opNode || !rhs) throw new PromQLError('incomplete binary expression');
  const op = src(ctx, opNode).toLowerCase();
  const bool = parts.some((p) => p.name === 'BoolModifier');
  const matching: Matching = { on: false, labels: [] };
  const clause = parts.find((p) => p.name === 'MatchingModifierClause');
  if (clause) {
    const kids = children(clause);
    if (kids.some((k) => k.name === 'GroupLeft' || k.name === 'GroupRight'))
      throw new PromQLError('group_left/group_right are not supported by the demo');
    matching.on = kids.some((k) => k.name === 'On');
    const grouping = kids.find((k) => k.name === 'GroupingLabels');
    matching.labels = grouping
      ? children(grouping)
          .filter((k) => k.name === 'LabelName')
          .map((k) => src(ctx, k))
      : [];
  }
  const a = evalNode(ctx, lhs);
  const b = evalNode(ctx, rhs);
  if (a.type === 'scalar' && b.type === 'scalar') {
    const v = applyOp(op, a.value, b.value, true);
    return { type: 'scalar', value: v ?? 0 };
  }
  if (a.type === 'vector' && b.type === 'vector')
    return { type: 'vector', samples: vectorOp(op, a.samples, b.samples, matching, bool) };
  if (a.type === 'vector' && b.type === 'scalar')
    return { type: 'vector', samples: withScalar(op, a.samples, b.value, bool, false) };
  if (a.type === 'scalar' && b.type === 'vector')
    return { type: 'vector', samples: withScalar(op, b.samples, a.value, bool, true) };
  throw new PromQLError(`operator ${op} between a ${a.type} and a ${b.type}`);
}

function withScalar(
  op: string,
  samples: readonly VectorSample[],
  k: number,
  bool: boolean,
  scalarLeft: boolean,
): VectorSample[] {
  const out: VectorSample[] = [];
  for (const s of samples) {
    const v = scalarLeft ? applyOp(op, k, s.value, bool) : applyOp(op, s.value, k, bool);
    if (v === undefined) continue;
    // A filtering comparison keeps the sample's own value and name; anything else drops the name.
    const filtered = !bool && ['==', '!=', '>', '<', '>=', '<='].includes(op);
    out.push({ labels: filtered ? s.labels : dropName(s.labels), value: filtered ? s.value : v });
  }
  return out;
}

function evalAggregate(ctx: Ctx, n: SyntaxNode): Value {
  const parts = children(n);
  const op = src(ctx, parts.find((p) => p.name === 'AggregateOp') ?? n).toLowerCase();
  const modifier = parts.find((p) => p.name === 'AggregateModifier');
  const without = modifier ? children(modifier).some((c) => c.name === 'Without') : false;
  const grouping = modifier ? children(modifier).find((c) => c.name === 'GroupingLabels') : undefined;
  const names = grouping
    ? children(grouping)
        .filter((c) => c.name === 'LabelName')
        .map((c) => src(ctx, c))
    : [];
  const body = parts.find((p) => p.name === 'FunctionCallBody');
  const args = body ? children(body).filter((c) => !['(', ')', ','].includes(c.name)) : [];
  if (args.length !== 1 || !args[0])
    throw new PromQLError(`${op} with parameters is not supported by the demo`);
  // Without `by`/`without`, everything aggregates into one group.
  const samples = asVector(evalNode(ctx, args[0]), op);
  return {
    type: 'vector',
    samples: aggregate(op, samples, modifier ? names : [], modifier ? without : false),
  };
}

function rangeIncrease(m: Extract<Value, { type: 'matrix' }>): VectorSample[] {
  const out: VectorSample[] = [];
  for (const s of m.series) {
    const after = s.valueAt(m.to);
    if (!Number.isFinite(after)) continue;
    // A series that began inside the window counted from zero.
    const start = s.valueAt(m.from);
    const before = Number.isFinite(start) ? start : 0;
    // A counter that went down was reset: what it counted since is the increase.
    out.push({ labels: dropName(s.labels), value: after >= before ? after - before : after });
  }
  return out;
}

/** Seconds between the points an `*_over_time` function reads (a typical scrape interval). */
const OVER_TIME_STEP_S = 15;

/** `avg_over_time`/`max_over_time`/`min_over_time` over points read every {@link OVER_TIME_STEP_S} in the window. */
function overTime(fn: string, m: Extract<Value, { type: 'matrix' }>): VectorSample[] {
  const out: VectorSample[] = [];
  const step = Math.min(OVER_TIME_STEP_S, Math.max(1e-3, m.to - m.from));
  for (const s of m.series) {
    const points: number[] = [];
    for (let t = m.to; t > m.from - 1e-9; t -= step) {
      const v = s.valueAt(t);
      if (Number.isFinite(v)) points.push(v);
    }
    if (points.length === 0) continue;
    const value =
      fn === 'max_over_time'
        ? Math.max(...points)
        : fn === 'min_over_time'
          ? Math.min(...points)
          : points.reduce((a, b) => a + b, 0) / points.length;
    out.push({ labels: dropName(s.labels), value });
  }
  return out;
}

function evalFunction(ctx: Ctx, n: SyntaxNode): Value {
  const parts = children(n);
  const fn = src(ctx, parts.find((p) => p.name === 'FunctionIdentifier') ?? n);
  const body = parts.find((p) => p.name === 'FunctionCallBody');
  const args = body ? children(body).filter((c) => !['(', ')', ','].includes(c.name)) : [];
  const arg = (i: number) => {
    const a = args[i];
    if (!a) throw new PromQLError(`${fn}() needs ${i + 1} argument(s)`);
    return evalNode(ctx, a);
  };
  switch (fn) {
    case 'rate':
    case 'irate':
    case 'increase': {
      const m = arg(0);
      if (m.type !== 'matrix') throw new PromQLError(`${fn}() expects a range vector`);
      const inc = rangeIncrease(m);
      if (fn === 'increase') return { type: 'vector', samples: inc };
      const seconds = m.to - m.from;
      return { type: 'vector', samples: inc.map((s) => ({ labels: s.labels, value: s.value / seconds })) };
    }
    case 'avg_over_time':
    case 'max_over_time':
    case 'min_over_time': {
      const m = arg(0);
      if (m.type !== 'matrix') throw new PromQLError(`${fn}() expects a range vector`);
      return { type: 'vector', samples: overTime(fn, m) };
    }
    case 'histogram_quantile':
      return { type: 'vector', samples: histogramQuantile(asScalar(arg(0), fn), asVector(arg(1), fn)) };
    case 'vector':
      return { type: 'vector', samples: [{ labels: {}, value: asScalar(arg(0), fn) }] };
    case 'scalar': {
      const v = asVector(arg(0), fn);
      return { type: 'scalar', value: v.length === 1 && v[0] ? v[0].value : Number.NaN };
    }
    case 'time':
      return { type: 'scalar', value: ctx.t };
    case 'abs':
      return {
        type: 'vector',
        samples: asVector(arg(0), fn).map((s) => ({ labels: dropName(s.labels), value: Math.abs(s.value) })),
      };
    default:
      throw new PromQLError(`function ${fn}() is not supported by the demo's telemetry`);
  }
}

/**
 * Evaluates an instant PromQL query at unix time `t` over the series `reader` holds. Parsing is
 * Prometheus' own grammar (lezer-promql); evaluation covers the subset the product's queries use.
 */
export function evaluate(promql: string, reader: SeriesReader, t: number): Value {
  const tree = parser.parse(promql);
  const err = firstError(tree.topNode);
  if (err || promql.trim() === '')
    throw new PromQLError(`cannot parse PromQL "${promql}" near position ${err?.from ?? 0}`);
  const v = evalNode({ text: promql, reader, t }, tree.topNode);
  if (v.type === 'matrix') throw new PromQLError('a range vector cannot be the result of an instant query');
  return v;
}
