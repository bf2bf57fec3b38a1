import { createDemoCluster } from '../lib/demo';
import type { KubeObject } from '../lib/k8s/objects';
import type { CliIO } from './io';

/** The error Node's fs throws for a missing path (with its `code`). */
const enoent = (syscall: string, p: string) =>
  Object.assign(new Error(`ENOENT: no such file or directory, ${syscall} '${p}'`), { code: 'ENOENT' });

/** A CliIO in memory for command tests: captured stdout/stderr, files from a map. */
export function memoryIO(files: Record<string, string> = {}, stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
    readFile: async (p) => {
      const text = files[p];
      if (text === undefined) throw enoent('open', p);
      return text;
    },
    readStdin: async () => stdin,
    listDir: async (p) => {
      if (files[p] !== undefined) return [p];
      const inside = Object.keys(files)
        .filter((f) => f.startsWith(`${p}/`) && /\.(ya?ml|json)$/.test(f))
        .sort();
      if (inside.length === 0) throw enoent('stat', p);
      return inside;
    },
    createFile: async (p, content) => {
      if (files[p] !== undefined) throw new Error(`EEXIST: file already exists, open '${p}'`);
      files[p] = content;
    },
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

/** One sidecar namespace with a Service and its Deployment: the cluster of the apply and enrol command tests. */
export const SHOP_OBJECTS: KubeObject[] = [
  {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'shop', labels: { 'istio-injection': 'enabled' } },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'api', namespace: 'shop' },
    spec: { selector: { app: 'api' }, ports: [{ name: 'http', port: 80 }] },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'shop' },
    spec: {
      selector: { matchLabels: { app: 'api' } },
      template: {
        metadata: { labels: { app: 'api' } },
        spec: { containers: [{ name: 'app', image: 'app' }] },
      },
    },
  },
];

/** A demo cluster kept across runs of the command, as a real cluster would be. */
export function shopCluster(opts: { readOnly?: boolean } = {}) {
  const src = createDemoCluster({ objects: SHOP_OBJECTS, tickMs: 0, ...opts });
  return { src, make: () => src };
}
