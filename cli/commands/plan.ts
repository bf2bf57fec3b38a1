import path from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import type { ClusterSource } from '../../lib/cluster/source';
import { isDnsLabel } from '../../lib/convert/names';
import { exportPlan } from '../../lib/migrate/export';
import { planNamespace } from '../../lib/migrate/plan';
import type { MigrationPlan } from '../../lib/migrate/types';
import { isCertificateStrategy } from '../../lib/platform/certificate-strategy';
import { SOURCE_OPTIONS, sourceFromFlags } from '../connect';
import { type CliIO, outputFormat, PRINT_OPTIONS, UsageError } from '../io';

export const PLAN_USAGE = `Usage: mesh-migrator plan --namespace NS [--from-files PATH ... | --context C | --demo]
                         [--gateway-class NAME] [--waypoint NAME]
                         [--certificates reference-grant|cert-manager] [-o text|json|yaml] [--export DIR]

Prints the migration plan of a namespace: findings (blockers first) and the steps with the
objects they apply, the merge patches they send and the objects they delete.
--export DIR writes the plan as files for GitOps (YAML per step, kubectl commands, README) into
DIR; existing files are never overwritten.`;

/** Plan options shared by `plan` and `apply` (node:util parseArgs options). */
export const PLAN_OPTIONS = {
  namespace: { type: 'string', short: 'n' },
  'gateway-class': { type: 'string' },
  waypoint: { type: 'string' },
  certificates: { type: 'string' },
} as const;

/** The plan as `plan -o json|yaml` prints it. */
export function planReport(plan: MigrationPlan) {
  return {
    namespace: plan.namespace,
    ...(plan.waypoint ? { waypoint: plan.waypoint } : {}),
    findings: plan.findings.map((f) => ({
      id: f.id,
      severity: f.severity,
      resource: f.resource,
      message: f.message,
      fix: f.fix,
      ...(f.step ? { step: f.step } : {}),
    })),
    steps: plan.steps.map((s) => ({
      id: s.id,
      title: s.title,
      skipped: s.skipped,
      ...(s.reason ? { reason: s.reason } : {}),
      description: s.description,
      objects: s.objects,
      patches: s.patches,
      deletes: s.deletes,
    })),
  };
}

/** A short human summary of a plan. */
export function formatPlan(plan: MigrationPlan): string {
  const lines = [
    `Namespace ${plan.namespace}${plan.waypoint ? ` (waypoint ${plan.waypoint.namespace}/${plan.waypoint.name})` : ''}`,
    '',
  ];
  const blockers = plan.findings.filter((f) => f.severity === 'blocker').length;
  lines.push(`Findings: ${plan.findings.length} (${blockers} blocker${blockers === 1 ? '' : 's'})`);
  for (const f of plan.findings)
    lines.push(
      `  ${f.severity.toUpperCase().padEnd(7)} ${f.id}`,
      `          ${f.message}`,
      `          fix: ${f.fix}`,
      ...(f.step ? [`          step: ${f.step}`] : []),
    );
  lines.push('', 'Steps:');
  plan.steps.forEach((s, i) => {
    lines.push(`  ${i + 1}. ${s.id.padEnd(17)} ${s.skipped ? `skipped: ${s.reason ?? ''}` : s.title}`);
    if (s.skipped) return;
    for (const o of s.objects)
      lines.push(
        `       apply  ${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`,
      );
    for (const p of s.patches) lines.push(`       patch  ${p.description}`);
    for (const d of s.deletes) lines.push(`       delete ${d.kind}/${d.namespace}/${d.name}`);
  });
  return `${lines.join('\n')}\n`;
}

/** A --namespace value that can name a namespace, else a UsageError saying why. */
export function checkNamespace(ns: string): string {
  if (!isDnsLabel(ns))
    throw new UsageError(
      `--namespace must be a namespace name (lower-case letters, digits and -), not "${ns}"`,
    );
  return ns;
}

/** Reads the namespace, gateway class and waypoint flags; throws a UsageError without a valid --namespace. */
export function planFlags(values: {
  namespace?: string;
  'gateway-class'?: string;
  waypoint?: string;
  certificates?: string;
}) {
  if (!values.namespace) throw new UsageError('--namespace is required');
  checkNamespace(values.namespace);
  const certificates = values.certificates;
  if (certificates !== undefined && !isCertificateStrategy(certificates))
    throw new UsageError(`--certificates must be reference-grant or cert-manager, not "${certificates}"`);
  return {
    namespace: values.namespace,
    opts: {
      now: new Date(),
      ...(values['gateway-class'] ? { gatewayClassName: values['gateway-class'] } : {}),
      ...(values.waypoint ? { waypointName: values.waypoint } : {}),
      ...(certificates && isCertificateStrategy(certificates) ? { certificates } : {}),
    },
  };
}

/** `mesh-migrator plan`: 0 when the plan was printed (blockers included), 2 on usage errors. */
export async function runPlan(
  argv: string[],
  io: CliIO,
  makeSource: (flags: Parameters<typeof sourceFromFlags>[0]) => ClusterSource = sourceFromFlags,
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...SOURCE_OPTIONS,
      ...PLAN_OPTIONS,
      ...PRINT_OPTIONS,
      export: { type: 'string' },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout(`${PLAN_USAGE}\n`);
    return 0;
  }
  const output = outputFormat(values.output);
  const { namespace, opts } = planFlags(values);
  const source = makeSource(values);
  await source.start();
  try {
    const plan = planNamespace(source.snapshot().resources, namespace, opts);
    if (values.export !== undefined) {
      if (!values.export) throw new UsageError('--export needs a directory');
      const { files } = exportPlan(plan);
      for (const f of files) {
        await io.createFile(path.join(values.export, f.path), f.content);
        io.stdout(`wrote ${path.join(values.export, f.path)}\n`);
      }
      return 0;
    }
    if (output === 'json') io.stdout(`${JSON.stringify(planReport(plan), null, 2)}\n`);
    else if (output === 'yaml') io.stdout(stringify(planReport(plan), { lineWidth: 0 }));
    else io.stdout(formatPlan(plan));
    return 0;
  } finally {
    await source.stop();
  }
}
