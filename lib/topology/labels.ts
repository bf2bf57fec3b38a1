import type { GraphEdge } from './types';

/** What an edge says on the graph: rates of observed traffic, a split's weight, or its own label. */
export function edgeLabel(e: GraphEdge, opts: { reporter?: boolean } = {}): string | undefined {
  if (e.origin === 'telemetry') {
    const parts: string[] = [];
    if (e.requestRate !== undefined && e.requestRate > 0) parts.push(`${e.requestRate.toFixed(1)} rps`);
    if (e.errorRate !== undefined && e.errorRate > 0) parts.push(`${(e.errorRate * 100).toFixed(1)}% 5xx`);
    if (e.tcpBytesRate && !(e.requestRate && e.requestRate > 0))
      parts.push(`${(e.tcpBytesRate / 1024).toFixed(1)} KiB/s`);
    if (e.reportedBy && opts.reporter !== false) parts.push(e.reportedBy);
    return parts.join(' · ') || undefined;
  }
  if (e.weight !== undefined && e.weight < 100) return `${e.weight}%`;
  return e.label;
}

/**
 * The label an edge carries on the graph. Between two top-level nodes (namespaces, groups) it says
 * the rates only: the colour says who reported them, and the room each label takes between layers
 * would otherwise shrink the whole first view; inside a namespace it names the reporter too.
 */
export function drawnEdgeLabel(e: GraphEdge, topLevel: (id: string) => boolean): string | undefined {
  return edgeLabel(e, { reporter: !(topLevel(e.source) && topLevel(e.target)) });
}

/** Text height and width per character of an edge label on the graph (12 px type), with its padding. */
const LABEL = { height: 18, perChar: 6, padding: 8 };

/** The size an edge's label takes on the graph, for the layout to leave room for it. */
export function edgeLabelSize(text: string): { width: number; height: number } {
  return { width: Math.ceil(text.length * LABEL.perChar + LABEL.padding), height: LABEL.height };
}
