import type { TopologyGraph } from './types';

/**
 * What the graph shows, counted as drawn: nodes on screen (a collapsed namespace or group is one),
 * the workloads and services behind them when some are folded away, and the edges drawn.
 */
export function statsText(graph: Pick<TopologyGraph, 'nodes' | 'edges' | 'totalNodes'>): string {
  const shown = graph.nodes.filter(
    (n) => (n.type !== 'namespace' && n.type !== 'group') || n.collapsed,
  ).length;
  const inside = graph.nodes.filter((n) => n.type !== 'namespace' && n.type !== 'group').length;
  const folded = graph.totalNodes > inside ? ` (${graph.totalNodes} workloads and services in all)` : '';
  return `${count(shown, 'node')}${folded}, ${count(graph.edges.length, 'edge')}`;
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
