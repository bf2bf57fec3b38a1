import { describe, expect, it } from 'vitest';
import { summarizeCluster } from '../mesh/summary';
import { generateCluster } from '../testing/generate-cluster';
import { buildGraph } from './build';
import { fixtureCluster } from './cluster-fixture';
import { edgeLabelSize } from './labels';
import { layoutGraph } from './layout';
import type { Box, GraphLayout } from './layout-types';
import type { GraphNode, TopologyGraph } from './types';

function boxes(layout: GraphLayout, ids: string[]): [string, Box][] {
  return ids.map((id) => {
    const p = layout.positions[id];
    const s = layout.sizes[id];
    if (!p || !s) throw new Error(`no layout for ${id}`);
    return [id, { ...p, ...s }];
  });
}

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Siblings (same parent) never overlap; children sit inside their group. */
function checkLayout(graph: TopologyGraph, layout: GraphLayout): void {
  const byParent = new Map<string, string[]>();
  for (const n of graph.nodes) {
    const key = n.parent ?? '';
    byParent.set(key, [...(byParent.get(key) ?? []), n.id]);
  }
  for (const [parent, ids] of byParent) {
    const list = boxes(layout, ids);
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const [a, ab] = list[i] as [string, Box];
        const [b, bb] = list[j] as [string, Box];
        expect(overlaps(ab, bb), `${a} overlaps ${b}`).toBe(false);
      }
    }
    if (!parent) continue;
    const g = layout.groupBounds[parent];
    expect(g, `bounds of ${parent}`).toBeDefined();
    if (!g) continue;
    for (const [id, b] of list) {
      expect(
        b.x >= g.x && b.y >= g.y && b.x + b.width <= g.x + g.width && b.y + b.height <= g.y + g.height,
        `${id} inside ${parent}`,
      ).toBe(true);
      const rel = layout.relative[id];
      // Label room makes fractional positions: equal up to rounding.
      expect(rel?.x).toBeCloseTo(b.x - g.x, 6);
      expect(rel?.y).toBeCloseTo(b.y - g.y, 6);
    }
  }
}

describe('layoutGraph', () => {
  const rs = fixtureCluster();
  const graph = buildGraph(rs, summarizeCluster(rs));

  it.each(['elk', 'grid'] as const)(
    '%s: positions every node without sibling overlap, children inside groups',
    async (engine) => {
      const layout = await layoutGraph(graph, { engine });
      expect(layout.engine).toBe(engine);
      expect(Object.keys(layout.positions).sort()).toEqual(graph.nodes.map((n) => n.id).sort());
      checkLayout(graph, layout);
      expect(Object.keys(layout.groupBounds).sort()).toEqual([
        'ns:istio-system',
        'ns:legacy',
        'ns:plain',
        'ns:shop',
      ]);
    },
  );

  it('elk lays out traffic left to right inside a group', async () => {
    const layout = await layoutGraph(graph, { engine: 'elk' });
    const x = (id: string) => layout.positions[id]?.x ?? Number.NaN;
    expect(x('svc:shop/cart')).toBeLessThan(x('wl:Pod/shop/cart-1'));
    expect(x('svc:shop/cart')).toBeLessThan(x('svc:shop/checkout'));
  });

  it('is deterministic', async () => {
    const a = await layoutGraph(graph, { engine: 'elk' });
    const b = await layoutGraph(graph, { engine: 'elk' });
    expect(b.positions).toEqual(a.positions);
  });

  it('falls back to the grid past the node limit, still without overlap', async () => {
    const big = generateCluster({ pods: 2000, seed: 3 });
    const g = buildGraph(big, summarizeCluster(big), { collapseThreshold: Number.POSITIVE_INFINITY });
    const layout = await layoutGraph(g, { elkNodeLimit: 100 });
    expect(layout.engine).toBe('grid');
    checkLayout(g, layout);
  }, 30_000);

  it('lays out a collapsed graph (namespaces as leaves)', async () => {
    const collapsed = buildGraph(rs, summarizeCluster(rs), { collapseThreshold: 1 });
    const layout = await layoutGraph(collapsed);
    expect(layout.engine).toBe('elk');
    expect(layout.groupBounds).toEqual({});
    checkLayout(collapsed, layout);
  });
});

describe('edge labels in the layout', () => {
  it('a labelled edge gets its label width between the nodes it joins', async () => {
    const node = (id: string) =>
      ({ id, type: 'workload', name: id, label: id, namespace: 'a', parent: 'ns:a' }) as GraphNode;
    const graph = (label?: string) =>
      ({
        nodes: [{ id: 'ns:a', type: 'namespace', name: 'a', label: 'a' } as GraphNode, node('x'), node('y')],
        edges: [
          {
            id: 'x->y',
            source: 'x',
            target: 'y',
            kind: 'route',
            origin: 'config',
            ...(label ? { label } : {}),
          },
        ],
        collapsed: false,
        totalNodes: 2,
        level: 'workloads',
      }) as unknown as TopologyGraph;
    const gap = async (label?: string) => {
      const l = await layoutGraph(graph(label), { engine: 'elk' });
      const x = l.positions.x;
      const y = l.positions.y;
      return (y?.x ?? 0) - ((x?.x ?? 0) + (l.sizes.x?.width ?? 0));
    };
    const long = 'a label forty characters long, give room';
    const plain = await gap();
    const labelled = await gap(long);
    expect(labelled).toBeGreaterThanOrEqual(edgeLabelSize(long).width);
    expect(labelled).toBeGreaterThan(plain);
  });
});
