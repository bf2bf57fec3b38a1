import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { createInterface } from 'node:readline';

/** A child process of a test harness, stopped with SIGTERM (then SIGKILL after 15 s). */
export interface Running {
  name: string;
  child: ChildProcess;
  /** The last lines it printed (stdout and stderr), for failure messages. */
  tail(): string;
  stop(): Promise<void>;
}

const TAIL = 80;

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts `cmd` and resolves once `ready` says so: a line on stdout/stderr matching a pattern
 * (resolves with the match), or an async probe returning true. Rejects with the output's tail
 * when the process exits or the timeout passes first.
 */
export function startProcess(
  name: string,
  cmd: string,
  args: string[],
  opts: {
    env?: Record<string, string | undefined>;
    cwd?: string;
    ready: RegExp | (() => Promise<boolean>);
    timeoutMs?: number;
  },
): Promise<{ running: Running; match?: RegExpExecArray }> {
  const child = spawn(cmd, args, {
    cwd: opts.cwd,
    env: (opts.env ?? process.env) as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let match: RegExpExecArray | undefined;
  const onLine = (line: string) => {
    lines.push(line);
    if (lines.length > TAIL) lines.shift();
    if (process.env.MM_HARNESS_LOG) process.stderr.write(`[${name}] ${line}\n`);
    if (opts.ready instanceof RegExp && !match) match = opts.ready.exec(line) ?? undefined;
  };
  if (child.stdout) createInterface({ input: child.stdout }).on('line', onLine);
  if (child.stderr) createInterface({ input: child.stderr }).on('line', onLine);
  const running: Running = {
    name,
    child,
    tail: () => lines.join('\n'),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const done = exited(child);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await done;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  return new Promise((resolve, reject) => {
    let over = false;
    const fail = (why: string) => {
      if (over) return;
      over = true;
      void running
        .stop()
        .finally(() => reject(new Error(`${name} ${why}\n--- output ---\n${running.tail()}`)));
    };
    child.once('error', (e) => fail(`could not start: ${e.message}`));
    child.once('exit', (code, signal) => fail(`exited (${code ?? signal}) before it was ready`));
    const poll = async () => {
      while (!over) {
        const ok = opts.ready instanceof RegExp ? match !== undefined : await opts.ready().catch(() => false);
        if (ok) {
          over = true;
          child.removeAllListeners('exit');
          resolve({ running, match });
          return;
        }
        if (Date.now() > deadline) return fail(`not ready after ${opts.timeoutMs ?? 120_000} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    void poll();
  });
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** True once `url` answers with a status below 500. */
export async function answers(url: string): Promise<boolean> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(2_000), redirect: 'manual' });
    return r.status < 500;
  } catch {
    return false;
  }
}
