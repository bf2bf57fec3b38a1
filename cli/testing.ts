import type { CliIO } from './io';

/** A CliIO in memory for command tests: captured stdout/stderr, files from a map. */
export function memoryIO(files: Record<string, string> = {}, stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
    readFile: async (p) => {
      const text = files[p];
      if (text === undefined) throw new Error(`ENOENT: no such file ${p}`);
      return text;
    },
    readStdin: async () => stdin,
    listDir: async (p) => {
      if (files[p] !== undefined) return [p];
      const inside = Object.keys(files)
        .filter((f) => f.startsWith(`${p}/`) && /\.(ya?ml|json)$/.test(f))
        .sort();
      if (inside.length === 0) throw new Error(`ENOENT: no such file or directory ${p}`);
      return inside;
    },
    createFile: async (p, content) => {
      if (files[p] !== undefined) throw new Error(`EEXIST: file already exists, open '${p}'`);
      files[p] = content;
    },
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}
