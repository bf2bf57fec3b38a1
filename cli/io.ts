import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** What a command may touch; tests pass an in-memory version. */
export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readFile(path: string): Promise<string>;
  readStdin(): Promise<string>;
  listDir(path: string): Promise<string[]>;
  /** Creates a file (and its directories); fails when the file exists, so nothing is overwritten. */
  createFile(path: string, content: string): Promise<void>;
}

export const processIO: CliIO = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  readFile: (p) => readFile(p, 'utf8'),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  // Loaded on use: `--help` must not load the YAML parser.
  listDir: async (p) => (await import('../lib/files/read')).listInputFiles(p),
  createFile: async (p, content) => {
    await mkdir(path.dirname(p), { recursive: true });
    await writeFile(p, content, { flag: 'wx' });
  },
};

/** A usage error: exit code 2. */
export class UsageError extends Error {}

/** The `-o` and `-h` options of commands that print text, JSON or YAML. */
export const PRINT_OPTIONS = {
  output: { type: 'string', short: 'o', default: 'text' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The `-o` value, checked. */
export function outputFormat(value: string): 'text' | 'json' | 'yaml' {
  if (value === 'text' || value === 'json' || value === 'yaml') return value;
  throw new UsageError(`-o must be text, json or yaml, not "${value}"`);
}
