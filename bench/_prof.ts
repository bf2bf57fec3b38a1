import { generateCluster } from '../lib/testing/generate-cluster';
import { summarizeCluster } from '../lib/mesh/summary';
import { namespaceFindings } from '../lib/migrate/preflight';
const pods = Number(process.argv[2] ?? 5000); const nss = Number(process.argv[3] ?? 200);
let t = performance.now();
const rs = generateCluster({ pods, namespaces: nss, seed: 42 });
console.log('gen', Math.round(performance.now() - t)); t = performance.now();
const s = summarizeCluster(rs);
console.log('summary', Math.round(performance.now() - t)); t = performance.now();
let n = 0;
for (const ns of s.namespaces) { n += namespaceFindings(rs, ns.name).length; }
console.log('findings', Math.round(performance.now() - t), n);
