import { describe, expect, it } from 'vitest';
import { statsText } from './stats';
import type { GraphNode } from './types';

const node = (id: string, type: GraphNode['type'], collapsed?: boolean) =>
  ({ id, type, name: id, ...(collapsed === undefined ? {} : { collapsed }) }) as GraphNode;
const edges = (n: number) => Array.from({ length: n }, () => ({}) as never);

describe('statsText', () => {
  it.each([
    [
      'every namespace folded: the namespaces are what is drawn',
      [node('a', 'namespace', true), node('b', 'namespace', true)],
      30,
      1,
      '2 nodes (30 workloads and services in all), 1 edge',
    ],
    [
      'one namespace open: its workloads and the other, folded namespace',
      [
        node('a', 'namespace', false),
        node('w1', 'workload'),
        node('s1', 'service'),
        node('b', 'namespace', true),
      ],
      5,
      2,
      '3 nodes (5 workloads and services in all), 2 edges',
    ],
    [
      'everything open: the container boxes are not counted',
      [node('a', 'namespace'), node('w1', 'workload'), node('w2', 'workload'), node('g', 'group', false)],
      2,
      1,
      '2 nodes, 1 edge',
    ],
  ])('%s', (_name, nodes, totalNodes, edgeCount, want) => {
    expect(statsText({ nodes, edges: edges(edgeCount), totalNodes })).toBe(want);
  });
});
