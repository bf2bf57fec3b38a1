import { describe, expect, it } from 'vitest';
import type { GraphEdge, GraphNode } from '@/lib/topology/types';
import type { TopologyView } from '@/lib/views/topology';
import { nextMounted } from './mount';
import { buildScene, containsRect, controlPoints, edgeBox, hitTest, idsIn, inflate, viewRect } from './scene';

const node = (id: string, type: GraphNode['type'], extra: Partial<GraphNode> = {}): GraphNode => ({
  id,
  type,
  namespace: 'a',
  name: id,
  dataplane: 'sidecar',
  label: id,
  badges: [],
  ...extra,
});

/** An expanded namespace `ns:a` holding two workloads, and a collapsed namespace `ns:b` on its right. */
function view(edges: GraphEdge[] = []): TopologyView {
  const positions = {
    'ns:a': { x: 0, y: 0 },
    'wl:a/one': { x: 16, y: 40 },
    'wl:a/two': { x: 16, y: 120 },
    'ns:b': { x: 400, y: 0 },
  };
  const sizes = {
    'ns:a': { width: 300, height: 200 },
    'wl:a/one': { width: 180, height: 48 },
    'wl:a/two': { width: 180, height: 48 },
    'ns:b': { width: 220, height: 88 },
  };
  return {
    revision: 1,
    graph: {
      // Children listed before their frame: the scene must still draw the frame first.
      nodes: [
        node('wl:a/one', 'workload', { parent: 'ns:a' }),
        node('wl:a/two', 'workload', { parent: 'ns:a' }),
        node('ns:a', 'namespace', { name: 'a' }),
        node('ns:b', 'namespace', { name: 'b', collapsed: true, counts: { byType: {}, byDataplane: {} } }),
      ],
      edges,
      collapsed: true,
      totalNodes: 4,
      level: 'namespaces',
    },
    layout: {
      engine: 'grid',
      positions,
      relative: positions,
      sizes,
      groupBounds: {},
      width: 620,
      height: 200,
    },
    telemetry: { configured: false, edges: 0 },
    allNamespaces: ['a', 'b'],
    groupLabels: [],
  };
}

describe('buildScene', () => {
  it('puts frames before cards, uses the expanded namespace name, and bounds the whole graph', () => {
    const s = buildScene(view());
    expect(s.nodes.map((n) => [n.id, n.kind])).toEqual([
      ['ns:a', 'frame'],
      ['wl:a/one', 'card'],
      ['wl:a/two', 'card'],
      ['ns:b', 'card'],
    ]);
    expect(s.byId.get('wl:a/one')?.parent).toBe('ns:a');
    expect(s.bounds).toEqual({ x: 0, y: 0, width: 620, height: 200 });
  });

  it("joins an edge from the source's right middle to the target's left middle, coloured as the DOM edge", () => {
    const s = buildScene(
      view([
        { id: 'e1', source: 'wl:a/one', target: 'ns:b', kind: 'route', origin: 'config', weight: 20 },
        {
          id: 'e2',
          source: 'wl:a/one',
          target: 'wl:a/two',
          kind: 'telemetry',
          origin: 'telemetry',
          errorRate: 0.5,
          requestRate: 2,
        },
        { id: 'gone', source: 'wl:a/one', target: 'nowhere', kind: 'route', origin: 'config' },
      ]),
    );
    expect(s.edges.map((e) => e.id)).toEqual(['e1', 'e2']);
    expect(s.edges[0]).toMatchObject({ sx: 196, sy: 64, tx: 400, ty: 44, label: '20%', colour: '#475569' });
    expect(s.edges[1]).toMatchObject({ colour: '#dc2626', width: 2, label: '2.0 rps · 50.0% 5xx' });
  });
});

describe('hitTest', () => {
  const s = buildScene(view());
  it.each([
    [20, 50, 'wl:a/one'],
    [5, 5, 'ns:a'],
    [450, 50, 'ns:b'],
    [350, 50, undefined],
    [-1, 0, undefined],
  ])('at (%d, %d) finds %s', (x, y, id) => {
    expect(hitTest(s, x, y)?.id).toBe(id);
  });
});

describe('geometry', () => {
  it('turns a viewport transform into the graph area on screen', () => {
    expect(viewRect([-100, 50, 0.5], 400, 300)).toEqual({ x: 200, y: -100, width: 800, height: 600 });
  });

  it('inflates and contains rectangles', () => {
    const r = inflate({ x: 0, y: 0, width: 100, height: 50 }, 0.2);
    expect(r).toEqual({ x: -20, y: -10, width: 140, height: 70 });
    expect(containsRect(r, { x: -20, y: 0, width: 140, height: 1 })).toBe(true);
    expect(containsRect(r, { x: -21, y: 0, width: 10, height: 1 })).toBe(false);
  });

  it("bends like React Flow's default edge, and boxes the bend of a backward edge", () => {
    expect(controlPoints({ sx: 0, sy: 0, tx: 100, ty: 50 })).toEqual([50, 0, 50, 50]);
    const back = { sx: 100, sy: 0, tx: 0, ty: 10 };
    const [c1x, , c2x] = controlPoints(back);
    expect(c1x).toBeCloseTo(100 + 6.25 * 10);
    expect(c2x).toBeCloseTo(-62.5);
    expect(edgeBox({ ...back, id: 'x', colour: '', width: 1, dashed: false })).toEqual({
      x: c2x,
      y: 0,
      width: c1x - c2x,
      height: 10,
    });
  });

  it('takes the frame of a child in view, not its unseen sibling', () => {
    const s = buildScene(view());
    expect([...idsIn(s, { x: 20, y: 45, width: 10, height: 10 })].sort()).toEqual(['ns:a', 'wl:a/one']);
  });
});

describe('nextMounted', () => {
  const s = buildScene(view());
  const limits = { mountAt: 2, unmountAt: 3, margin: 0.1 };
  const all = { x: -10, y: -10, width: 700, height: 300 };
  const left = { x: 10, y: 30, width: 100, height: 60 };

  it('mounts nothing while more nodes than the limit are on screen', () => {
    expect(nextMounted(s, all, undefined, limits)).toBeUndefined();
  });

  it('mounts the nodes around the screen once few are on it', () => {
    const m = nextMounted(s, left, undefined, limits);
    expect(m && [...m.ids].sort()).toEqual(['ns:a', 'wl:a/one']);
    expect(m?.region).toEqual(inflate(left, 0.1));
  });

  it('keeps the same set while the screen stays inside its region, and drops it past the upper limit', () => {
    const m = nextMounted(s, left, undefined, limits);
    expect(nextMounted(s, { x: 15, y: 35, width: 50, height: 30 }, m, limits)).toBe(m);
    const moved = nextMounted(s, { x: 10, y: 110, width: 100, height: 60 }, m, limits);
    expect(moved && [...moved.ids].sort()).toEqual(['ns:a', 'wl:a/two']);
    expect(nextMounted(s, all, m, limits)).toBeUndefined();
  });

  it('between the limits keeps what it had: mounted stays mounted, canvas stays canvas', () => {
    const three = { x: 0, y: 30, width: 250, height: 120 };
    expect(nextMounted(s, three, undefined, limits)).toBeUndefined();
    const m = nextMounted(s, left, undefined, limits);
    expect(nextMounted(s, three, m, limits)?.ids.size).toBe(3);
  });
});
