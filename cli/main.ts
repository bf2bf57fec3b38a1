import { type CliIO, processIO, UsageError } from './io';

const USAGE = `Usage: mesh-migrator <command> [flags]

Commands:
  status    kinds found, counts and errors; data plane per namespace and workload
  convert   convert Istio networking resources to Gateway API
  plan      the migration plan of a namespace
  apply     apply one step of a namespace's plan
  enrol     take namespaces to ambient: every step in one preview and one confirmation
  waves     the suggested order of the namespaces, in waves, with reasons

Run 'mesh-migrator <command> --help' for a command's flags.
`;

type Command = (argv: string[], io: CliIO) => Promise<number>;

async function loadCommand(name: string): Promise<Command | undefined> {
  switch (name) {
    case 'status':
      return (await import('./commands/status')).runStatus;
    case 'convert':
      return (await import('./commands/convert')).runConvert;
    case 'plan':
      return (await import('./commands/plan')).runPlan;
    case 'apply':
      return (await import('./commands/apply')).runApply;
    case 'enrol':
      return (await import('./commands/enrol')).runEnrol;
    case 'waves':
      return (await import('./commands/waves')).runWaves;
    default:
      return undefined;
  }
}

async function usageOf(name: string): Promise<string> {
  switch (name) {
    case 'status':
      return (await import('./commands/status')).STATUS_USAGE;
    case 'plan':
      return (await import('./commands/plan')).PLAN_USAGE;
    case 'apply':
      return (await import('./commands/apply')).APPLY_USAGE;
    case 'enrol':
      return (await import('./commands/enrol')).ENROL_USAGE;
    case 'waves':
      return (await import('./commands/waves')).WAVES_USAGE;
    default:
      return '';
  }
}

/** Runs the CLI; returns the exit code (0 ok, 1 failure, 2 usage). */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE);
    return name ? 0 : 2;
  }
  const cmd = await loadCommand(name);
  if (!cmd) {
    io.stderr(`unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await cmd(rest, io);
  } catch (e) {
    const err = e as Error & { code?: string };
    if (e instanceof UsageError || err.code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`error: ${err.message}\n${await usageOf(name)}\n`);
      return 2;
    }
    io.stderr(`error: ${err.message}\n`);
    return 1;
  }
}

// Only when run as a program (`tsx cli/main.ts`), not when imported by tests or by the bin.
if (process.argv[1]?.endsWith('main.ts')) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
