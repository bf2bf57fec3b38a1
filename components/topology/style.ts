import type { GraphDataplane } from '@/lib/topology/types';

/** Colours and legend labels per data plane, shared by nodes, legend and side panel; `solid` fills zoomed-out blocks. */
export const DATAPLANE_STYLE: Record<
  GraphDataplane,
  { label: string; fill: string; ring: string; text: string; solid: string }
> = {
  sidecar: {
    label: 'Sidecar',
    fill: 'bg-amber-50',
    ring: 'border-amber-500',
    text: 'text-amber-900',
    solid: 'bg-amber-400',
  },
  ztunnel: {
    label: 'ztunnel (ambient L4)',
    fill: 'bg-teal-50',
    ring: 'border-teal-500',
    text: 'text-teal-900',
    solid: 'bg-teal-400',
  },
  'waypoint-covered': {
    label: 'Behind a waypoint (L7)',
    fill: 'bg-violet-50',
    ring: 'border-violet-500',
    text: 'text-violet-900',
    solid: 'bg-violet-400',
  },
  pending: {
    label: 'Ambient pending',
    fill: 'bg-blue-50',
    ring: 'border-blue-500 border-dashed',
    text: 'text-blue-900',
    solid: 'bg-blue-300',
  },
  mixed: {
    label: 'Mixed',
    fill: 'bg-sky-50',
    ring: 'border-sky-400',
    text: 'text-sky-900',
    solid: 'bg-sky-500',
  },
  none: {
    label: 'Outside the mesh',
    fill: 'bg-white',
    ring: 'border-slate-300',
    text: 'text-slate-700',
    solid: 'bg-slate-300',
  },
};

export const DATAPLANE_ORDER: GraphDataplane[] = [
  'sidecar',
  'ztunnel',
  'waypoint-covered',
  'pending',
  'mixed',
  'none',
];

export const TYPE_ICON: Record<string, string> = {
  workload: '▣',
  service: '◆',
  ingress: '⇥',
  waypoint: '⬡',
  external: '☁',
  namespace: '▢',
};

/**
 * The same colours as hex for the canvas layer (Tailwind's palette): card fill, border, text,
 * and the block drawn when zoomed out.
 */
export const DATAPLANE_PAINT: Record<
  GraphDataplane,
  { fill: string; ring: string; text: string; solid: string }
> = {
  sidecar: { fill: '#fffbeb', ring: '#f59e0b', text: '#78350f', solid: '#fbbf24' },
  ztunnel: { fill: '#f0fdfa', ring: '#14b8a6', text: '#134e4a', solid: '#2dd4bf' },
  'waypoint-covered': { fill: '#f5f3ff', ring: '#8b5cf6', text: '#4c1d95', solid: '#a78bfa' },
  pending: { fill: '#eff6ff', ring: '#3b82f6', text: '#1e3a8a', solid: '#93c5fd' },
  mixed: { fill: '#f0f9ff', ring: '#38bdf8', text: '#0c4a6e', solid: '#0ea5e9' },
  none: { fill: '#ffffff', ring: '#cbd5e1', text: '#334155', solid: '#cbd5e1' },
};
