import { stringify } from 'yaml';
import { patchPaths } from './patches';
import { RESTARTED_AT_ANNOTATION } from './plan-labels';
import type { MigrationPlan, PlannedPatch, Step } from './types';

export interface ExportedFile {
  path: string;
  content: string;
}

const shellQuote = (s: string) => (/^[\w./:=@-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

function bundleName(index: number, s: Step): string {
  return `${String(index + 1).padStart(2, '0')}-${s.id}.yaml`;
}

function bundle(plan: MigrationPlan, s: Step): string {
  const header = `# ${s.title} (namespace ${plan.namespace})\n# ${s.description}\n# Apply with: kubectl apply --server-side --field-manager=mesh-migrator -f <this file>\n`;
  return header + s.objects.map((o) => `---\n${stringify(o, { lineWidth: 0 })}`).join('');
}

/** `kubectl label` for label-only patches, `kubectl rollout restart` for restarts, `kubectl patch --type merge` otherwise. */
export function patchCommand(p: PlannedPatch): string {
  const t = p.target;
  const nsFlag = t.namespace ? ` -n ${shellQuote(t.namespace)}` : '';
  const resource = `${t.kind.toLowerCase()}/${t.name}`;
  const paths = patchPaths(p.patch);
  const labels = (p.patch.metadata as { labels?: Record<string, string | null> } | undefined)?.labels;
  if (labels && paths.every((x) => x.startsWith('metadata.labels.'))) {
    const args = Object.entries(labels).map(([k, v]) => (v === null ? `${k}-` : `${k}=${v}`));
    return `kubectl label ${resource}${nsFlag} ${args.map(shellQuote).join(' ')}${args.some((a) => !a.endsWith('-')) ? ' --overwrite' : ''}`;
  }
  if (paths.length === 1 && paths[0] === `spec.template.metadata.annotations.${RESTARTED_AT_ANNOTATION}`) {
    return `kubectl rollout restart ${resource}${nsFlag}`;
  }
  return `kubectl patch ${resource}${nsFlag} --type merge -p ${shellQuote(JSON.stringify(p.patch))}`;
}

function stepSection(plan: MigrationPlan, s: Step, index: number): string {
  const lines = [`### ${index + 1}. ${s.title} (\`${s.id}\`)`, '', s.description, ''];
  if (s.skipped) return [...lines, `Skipped: ${s.reason ?? 'nothing to do'}.`, ''].join('\n');
  if (s.objects.length) {
    lines.push(`Objects in \`${bundleName(index, s)}\` (${s.objects.length}):`, '');
    for (const o of s.objects)
      lines.push(`- ${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`);
    lines.push(
      '',
      '```sh',
      `kubectl apply --server-side --field-manager=mesh-migrator -f ${bundleName(index, s)}`,
      '```',
      '',
    );
  }
  if (s.patches.length) {
    lines.push('Changes:', '', '```sh');
    for (const p of s.patches) lines.push(`# ${p.description}`, patchCommand(p));
    lines.push('```', '');
  }
  if (s.deletes.length) {
    lines.push('Deletions (only after verification passed):', '', '```sh');
    for (const d of s.deletes)
      lines.push(
        `kubectl delete ${d.kind.toLowerCase()}.${d.apiVersion.split('/')[0]} ${d.name} -n ${d.namespace}${d.reason ? `  # ${d.reason}` : ''}`,
      );
    lines.push('```', '');
  }
  if (s.id === 'verify') {
    lines.push(
      '```sh',
      `kubectl get pods -n ${plan.namespace} -o custom-columns=NAME:.metadata.name,REDIRECTION:.metadata.annotations.ambient\\.istio\\.io/redirection,CONTAINERS:.spec.containers[*].name`,
    );
    if (plan.waypoint) lines.push(`kubectl get gateway ${plan.waypoint.name} -n ${plan.waypoint.namespace}`);
    lines.push(`kubectl get httproutes,grpcroutes -n ${plan.namespace}`, '```', '');
  }
  return lines.join('\n');
}

function findingsSection(plan: MigrationPlan): string {
  if (plan.findings.length === 0) return 'No findings.\n';
  return `${plan.findings
    .map(
      (f) =>
        `- **${f.severity}** \`${f.id}\` (${f.resource}${f.step ? `, step \`${f.step}\`` : ''}): ${f.message}\n  Fix: ${f.fix}`,
    )
    .join('\n')}\n`;
}

function certificatesSection(plan: MigrationPlan): string[] {
  const c = plan.certificates;
  if (!c) return [];
  const how =
    c.strategy === 'cert-manager'
      ? 'cert-manager issues the certificates of the new Gateways (issuer annotation on each Gateway; cert-manager must run with Gateway API support enabled)'
      : "the new Gateways read the existing certificate Secrets (ReferenceGrant to the Secrets' namespace)";
  return [
    '## Certificates',
    '',
    `Chosen: \`${c.strategy}\`: ${how}.`,
    '',
    ...c.notes.map((n) => `- ${n.gateway}: ${n.message}`),
    '',
  ];
}

/**
 * The plan as files for a GitOps repository: one YAML bundle per step that creates objects
 * (`01-deploy-waypoint.yaml`, ...) and a README with the findings, the order, and the label,
 * restart, patch and delete commands of the other steps. Pure.
 */
export function exportPlan(plan: MigrationPlan): { files: { path: string; content: string }[] } {
  const files: ExportedFile[] = [];
  plan.steps.forEach((s, i) => {
    if (!s.skipped && s.objects.length) files.push({ path: bundleName(i, s), content: bundle(plan, s) });
  });
  const readme = [
    `# Migration of namespace ${plan.namespace} to Istio ambient mode`,
    '',
    'Apply the steps in this order; check each one before the next. Every change is reversible: keep the previous labels and objects at hand (or use `mesh-migrator apply` to get a rollback record).',
    '',
    '## Findings',
    '',
    findingsSection(plan),
    ...certificatesSection(plan),
    '## Steps',
    '',
    ...plan.steps.map((s, i) => stepSection(plan, s, i)),
  ].join('\n');
  files.push({ path: 'README.md', content: readme });
  return { files };
}
