import { parseArgs } from 'node:util';
import { convertAll } from '../../lib/convert/convert';
import { formatWarning, resourcesToYaml } from '../../lib/convert/format';
import type { ConvertInput } from '../../lib/convert/types';
import { formatProblem, type ParseProblem, parseObjects } from '../../lib/files/parse';
import { descriptorFor } from '../../lib/k8s/kinds';
import type { KubeObject } from '../../lib/k8s/objects';
import type { CliIO } from '../io';

export const CONVERT_USAGE = `Usage: mesh-migrator convert -f FILE|DIR|- [-f ...] [--gateway-class NAME] [--channel standard|experimental] [-o yaml|json]

Converts Istio Gateways, VirtualServices (with the DestinationRules, ServiceEntries and Services
they refer to) into Gateway API resources. All inputs are read together.

  -f, --filename        YAML/JSON file, directory (read recursively) or - for stdin; repeatable
      --gateway-class   gatewayClassName of generated Gateways (default istio)
      --channel         Gateway API channel of the target cluster: standard (default) or experimental
  -o, --output          yaml (default): resources on stdout, warnings on stderr
                        json: {"resources": [...], "warnings": [...]} on stdout

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

/** Sorts parsed objects into the converter's input by kind; other kinds are ignored. */
export function toConvertInput(objects: KubeObject[]): ConvertInput {
  const input: ConvertInput = {};
  for (const o of objects) {
    const key = descriptorFor(o.apiVersion, o.kind)?.key as keyof ConvertInput | undefined;
    if (!key || !INPUT_KEYS.has(key)) continue;
    const list = input[key] ?? [];
    list.push(o);
    input[key] = list;
  }
  return input;
}

async function readInputs(
  paths: string[],
  io: CliIO,
): Promise<{ objects: KubeObject[]; problems: ParseProblem[] }> {
  const objects: KubeObject[] = [];
  const problems: ParseProblem[] = [];
  for (const p of paths) {
    let files: string[];
    if (p === '-') files = ['-'];
    else {
      try {
        files = await io.listDir(p);
      } catch (e) {
        problems.push({ file: p, document: 0, message: (e as Error).message });
        continue;
      }
    }
    for (const f of files) {
      let text: string;
      try {
        text = f === '-' ? await io.readStdin() : await io.readFile(f);
      } catch (e) {
        problems.push({ file: f, document: 0, message: (e as Error).message });
        continue;
      }
      const parsed = parseObjects(text, f === '-' ? '<stdin>' : f);
      objects.push(...parsed.objects);
      problems.push(...parsed.problems);
    }
  }
  return { objects, problems };
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

  const { objects, problems } = await readInputs(files, io);
  if (problems.length > 0) {
    for (const p of problems) io.stderr(`error: ${formatProblem(p)}\n`);
    return 1;
  }
  const result = convertAll(toConvertInput(objects), { gatewayClassName: values['gateway-class'], channel });
  if (output === 'json') {
    io.stdout(`${JSON.stringify({ resources: result.resources, warnings: result.warnings }, null, 2)}\n`);
    return 0;
  }
  io.stdout(resourcesToYaml(result.resources));
  for (const w of result.warnings) io.stderr(`${formatWarning(w)}\n`);
  if (result.sources.length === 0) io.stderr('no Istio Gateway or VirtualService in the input\n');
  return 0;
}
