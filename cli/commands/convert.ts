import { parseArgs } from 'node:util';
import { convertAll } from '../../lib/convert/convert';
import { formatWarning, resourcesToYaml } from '../../lib/convert/format';
import type { ConvertInput } from '../../lib/convert/types';
import { formatProblem } from '../../lib/files/parse';
import { appendParsed, type ReadResult } from '../../lib/files/read';
import { descriptorFor } from '../../lib/k8s/kinds';
import type { KubeObject } from '../../lib/k8s/objects';
import type { CliIO } from '../io';

export const CONVERT_USAGE = `Usage: mesh-migrator convert -f FILE|DIR|- [-f ...] [--gateway-class NAME] [--channel standard|experimental] [-o yaml|json]

Converts Istio Gateways, VirtualServices (with the DestinationRules, ServiceEntries and Services
they refer to) into Gateway API resources. All inputs are read together.

  -f, --filename        YAML/JSON file, directory (read recursively) or - for stdin; repeatable
      --gateway-class   gatewayClassName of generated Gateways (default istio)
      --channel         Gateway API channel of the target cluster: standard (default) or experimental
  -o, --output          yaml (default): resources on stdout, warnings and notes on stderr
                        json: {"resources", "warnings", "ignored", "skipped"} on stdout

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
]);

/** Objects of the input the converter does not read, counted per `apiVersion kind`. */
export interface IgnoredKind {
  apiVersion: string;
  kind: string;
  count: number;
  /** Up to three `namespace/name` examples. */
  examples: string[];
}

/** Sorts parsed objects into the converter's input by kind; other kinds are counted in `ignored`. */
export function toConvertInput(objects: KubeObject[]): { input: ConvertInput; ignored: IgnoredKind[] } {
  const input: ConvertInput = {};
  const ignored = new Map<string, IgnoredKind>();
  for (const o of objects) {
    const key = descriptorFor(o.apiVersion, o.kind)?.key as keyof ConvertInput | undefined;
    if (!key || !INPUT_KEYS.has(key)) {
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
        result.problems.push({ file: p, document: 0, message: (e as Error).message });
        continue;
      }
    }
    const fromDirectory = !(files.length === 1 && files[0] === p);
    for (const f of files) {
      let text: string;
      try {
        text = f === '-' ? await io.readStdin() : await io.readFile(f);
      } catch (e) {
        result.problems.push({ file: f, document: 0, message: (e as Error).message });
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
  const result = convertAll(input, { gatewayClassName: values['gateway-class'], channel });
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
  if (result.sources.length === 0) io.stderr('no Istio Gateway or VirtualService in the input\n');
  return 0;
}
