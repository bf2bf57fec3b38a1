import { parseArgs } from 'node:util';
import { convertForTarget } from '../../lib/convert/convert-target';
import { formatWarning, resourcesToYaml } from '../../lib/convert/format';
import { portabilityReport } from '../../lib/convert/portability';
import { isTarget, TARGETS } from '../../lib/convert/targets/types';
import type { ConvertInput } from '../../lib/convert/types';
import { formatProblem } from '../../lib/files/parse';
import { appendParsed, type ReadResult, unreadable } from '../../lib/files/read';
import { descriptorFor } from '../../lib/k8s/kinds';
import type { KubeObject } from '../../lib/k8s/objects';
import type { CliIO } from '../io';

export const CONVERT_USAGE = `Usage: mesh-migrator convert -f FILE|DIR|- [-f ...] [--target istio|envoy-gateway|nginx] [--gateway-class NAME] [--channel standard|experimental] [--snippets] [--report] [-o yaml|json]

Converts Istio Gateways, VirtualServices (with the DestinationRules, ServiceEntries and Services
they refer to) and Ingresses into Gateway API resources, plus the target implementation's own
policies for what the standard API cannot express. All inputs are read together.

  -f, --filename        YAML/JSON file, directory (read recursively) or - for stdin; repeatable
      --target          Gateway API implementation: istio (default), envoy-gateway or nginx
      --gateway-class   gatewayClassName of generated Gateways (default: istio, eg or nginx by target)
      --channel         Gateway API channel of the target cluster: standard (default) or experimental
      --snippets        nginx target: write raw NGINX configuration as SnippetsFilters
      --report          print the portability report (each source per target) instead of resources
  -o, --output          yaml (default): resources on stdout, warnings and notes on stderr
                        json: {"resources", "warnings", "ignored", "skipped"} on stdout
                        ({"rows", "totals"} with --report)

Objects of other kinds are listed as ignored (note on stderr, "ignored" in JSON). Files found in
a directory that are not Kubernetes objects (kustomization.yaml, values.yaml) are skipped with a
note; a file named with -f must hold Kubernetes objects.

Exit status: 0 converted (warnings allowed), 1 an input could not be read, 2 usage error.`;

const INPUT_KEYS = new Set<keyof ConvertInput>([
  'virtualservices',
  'destinationrules',
  'istiogateways',
  'serviceentries',
  'services',
  'pods',
  'deployments',
  'ingresses',
  'ingressclasses',
  'configmaps',
  'requestauthentications',
]);

/** Objects of the input the converter does not read, counted per `apiVersion kind`. */
export interface IgnoredKind {
  apiVersion: string;
  kind: string;
  count: number;
  /** Up to three `namespace/name` examples. */
  examples: string[];
}

const STATUS_WORD = { standard: 'standard', policy: 'policy', cannot: 'CANNOT' } as const;

/** The portability report as a text table: one line per source, one column per target. */
export function formatReport(r: ReturnType<typeof portabilityReport>): string {
  const rows = [['SOURCE', ...TARGETS.map((t) => t.toUpperCase())]];
  for (const row of r.rows)
    rows.push([row.source, ...TARGETS.map((t) => STATUS_WORD[row.targets[t].status])]);
  rows.push([
    'TOTAL (standard/policy/cannot)',
    ...TARGETS.map((t) => `${r.totals[t].standard}/${r.totals[t].policy}/${r.totals[t].cannot}`),
  ]);
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((x) => (x[i] ?? '').length))) ?? [];
  const lines = rows.map((x) =>
    x
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  const notes = r.rows.flatMap((row) =>
    TARGETS.flatMap((t) =>
      row.targets[t].status === 'cannot'
        ? [
            `${t}: ${row.source} cannot carry ${row.targets[t].fields.join(', ')}`,
            ...row.targets[t].reasons.map((r) => `  ${r}`),
          ]
        : [],
    ),
  );
  return `${[...lines, ...(notes.length ? ['', ...notes] : [])].join('\n')}\n`;
}

const CUSTOM_HEADERS = 'nginx.ingress.kubernetes.io/custom-headers';

/** Sorts parsed objects into the converter's input by kind; other kinds are counted in `ignored`. */
export function toConvertInput(objects: KubeObject[]): { input: ConvertInput; ignored: IgnoredKind[] } {
  const input: ConvertInput = {};
  const ignored = new Map<string, IgnoredKind>();
  // ConfigMaps are read only when an Ingress names them for its custom response headers.
  const headerMaps = new Set(
    objects.flatMap((o) => {
      const v = o.kind === 'Ingress' ? o.metadata.annotations?.[CUSTOM_HEADERS] : undefined;
      return v ? [v.includes('/') ? v : `${o.metadata.namespace ?? 'default'}/${v}`] : [];
    }),
  );
  for (const o of objects) {
    const key = descriptorFor(o.apiVersion, o.kind)?.key as keyof ConvertInput | undefined;
    const unread =
      key === 'configmaps' && !headerMaps.has(`${o.metadata.namespace ?? 'default'}/${o.metadata.name}`);
    if (!key || !INPUT_KEYS.has(key) || unread) {
      const id = `${o.apiVersion} ${o.kind}`;
      const entry = ignored.get(id) ?? { apiVersion: o.apiVersion, kind: o.kind, count: 0, examples: [] };
      entry.count++;
      if (entry.examples.length < 3)
        entry.examples.push(`${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`);
      ignored.set(id, entry);
      continue;
    }
    const list = input[key];
    if (list) list.push(o);
    else input[key] = [o];
  }
  const sorted = [...ignored.values()].sort((a, b) =>
    a.kind === b.kind ? (a.apiVersion < b.apiVersion ? -1 : 1) : a.kind < b.kind ? -1 : 1,
  );
  return { input, ignored: sorted };
}

/** One line per ignored kind: what it is, how many, which. */
export function formatIgnored(i: IgnoredKind): string {
  const more = i.count > i.examples.length ? `, ... ${i.count - i.examples.length} more` : '';
  const why = i.apiVersion.startsWith('networking.istio.io/')
    ? 'an Istio kind the converter does not handle; convert it by hand'
    : 'not an input of the converter';
  return `note: ignored ${i.count} ${i.kind} (${i.apiVersion}): ${why} [${i.examples.join(', ')}${more}]`;
}

async function readInputs(paths: string[], io: CliIO): Promise<ReadResult> {
  const result: ReadResult = { objects: [], problems: [], skipped: [] };
  for (const p of paths) {
    let files: string[];
    if (p === '-') files = ['-'];
    else {
      try {
        files = await io.listDir(p);
      } catch (e) {
        result.problems.push(unreadable(p, e));
        continue;
      }
    }
    const fromDirectory = !(files.length === 1 && files[0] === p);
    for (const f of files) {
      let text: string;
      try {
        text = f === '-' ? await io.readStdin() : await io.readFile(f);
      } catch (e) {
        result.problems.push(unreadable(f, e));
        continue;
      }
      appendParsed(result, text, f === '-' ? '<stdin>' : f, fromDirectory);
    }
  }
  return result;
}

function usage(io: CliIO, message: string): number {
  io.stderr(`error: ${message}\n${CONVERT_USAGE}\n`);
  return 2;
}

/** `mesh-migrator convert`: returns the exit code (0 ok, 1 unreadable input, 2 usage). */
export async function runConvert(argv: string[], io: CliIO): Promise<number> {
  let values: {
    filename?: string[];
    'gateway-class'?: string;
    channel?: string;
    target?: string;
    snippets?: boolean;
    report?: boolean;
    output?: string;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        filename: { type: 'string', short: 'f', multiple: true },
        'gateway-class': { type: 'string' },
        channel: { type: 'string' },
        target: { type: 'string' },
        snippets: { type: 'boolean' },
        report: { type: 'boolean' },
        output: { type: 'string', short: 'o' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    return usage(io, (e as Error).message);
  }
  if (values.help) {
    io.stdout(`${CONVERT_USAGE}\n`);
    return 0;
  }
  const output = values.output ?? 'yaml';
  if (output !== 'yaml' && output !== 'json') return usage(io, `-o must be yaml or json, not "${output}"`);
  const channel = values.channel ?? 'standard';
  if (channel !== 'standard' && channel !== 'experimental')
    return usage(io, `--channel must be standard or experimental, not "${channel}"`);
  if (values['gateway-class'] === '') return usage(io, '--gateway-class needs a name');
  const target = values.target ?? 'istio';
  if (!isTarget(target)) return usage(io, `--target must be one of ${TARGETS.join(', ')}, not "${target}"`);
  const files = values.filename ?? [];
  if (files.length === 0) return usage(io, 'at least one -f FILE|DIR|- is required');
  if (files.filter((f) => f === '-').length > 1) return usage(io, 'stdin (-f -) can be read once');

  const { objects, problems, skipped } = await readInputs(files, io);
  if (problems.length > 0) {
    for (const p of problems) io.stderr(`error: ${formatProblem(p)}\n`);
    return 1;
  }
  for (const s of skipped) io.stderr(`note: ${formatProblem(s)}\n`);
  const { input, ignored } = toConvertInput(objects);
  if (values.report) {
    const report = portabilityReport(input, { channel, snippets: values.snippets ?? false });
    io.stdout(output === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
    return 0;
  }
  const result = convertForTarget(input, {
    target,
    channel,
    snippets: values.snippets ?? false,
    ...(values['gateway-class'] ? { gatewayClassName: values['gateway-class'] } : {}),
  });
  if (output === 'json') {
    const skippedFiles = skipped.map((s) => ({ file: s.file, document: s.document, reason: s.message }));
    io.stdout(
      `${JSON.stringify({ resources: result.resources, warnings: result.warnings, ignored, skipped: skippedFiles }, null, 2)}\n`,
    );
    return 0;
  }
  io.stdout(resourcesToYaml(result.resources));
  for (const w of result.warnings) io.stderr(`${formatWarning(w)}\n`);
  for (const i of ignored) io.stderr(`${formatIgnored(i)}\n`);
  if (result.sources.length === 0) io.stderr('no Istio Gateway, VirtualService or Ingress in the input\n');
  return 0;
}
