import { execFileSync, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'bin', 'mesh-migrator.cjs');

function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((s) => Number(s.trim()))
      .filter((n) => n > 0);
  } catch {
    return [];
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('bin/mesh-migrator.cjs', () => {
  // Builds dist/cli when missing or stale, so the timed checks below run the compiled CLI.
  beforeAll(() => {
    execFileSync(process.execPath, [bin, '--help'], { cwd: root, stdio: 'ignore' });
  }, 120_000);

  it('prints the usage from the compiled CLI', () => {
    const out = execFileSync(process.execPath, [bin, '--help'], { cwd: root, encoding: 'utf8' });
    expect(out).toMatch(/^Usage: mesh-migrator <command>/);
  });

  it("prints the usage under the PATH's Node, whatever its version, and exits 2 without a command", () => {
    const run = (args: string[]) =>
      spawnSync('node', [bin, ...args], { cwd: root, encoding: 'utf8', env: process.env });
    const help = run(['-h']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: mesh-migrator <command>/);
    const none = run([]);
    expect(none.status).toBe(2);
    expect(none.stdout).toMatch(/^Usage: mesh-migrator <command>/);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'forwards %s to the Node it re-runs under and dies of the same signal',
    async (signal) => {
      const major = Number(process.versions.node.split('.')[0]);
      // Under Node >= 22 the bin runs in-process: there is no child to forward to.
      expect.assertions(major >= 22 ? 1 : 3);
      const parent = spawn(process.execPath, [bin, 'convert', '-f', '-'], {
        cwd: root,
        stdio: ['pipe', 'ignore', 'ignore'],
      });
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        parent.on('exit', (_code, sig) => resolve(sig)),
      );
      const pid = parent.pid ?? 0;
      // Waits until the child is reading stdin (convert -f - blocks on it).
      let child: number | undefined;
      for (let i = 0; i < 200 && child === undefined; i++) {
        await new Promise((r) => setTimeout(r, 50));
        child = major >= 22 ? pid : childrenOf(pid)[0];
      }
      parent.kill(signal);
      expect(await exited).toBe(signal);
      if (major < 22) {
        expect(child).toBeDefined();
        await new Promise((r) => setTimeout(r, 200));
        expect(alive(child ?? 0)).toBe(false);
      }
    },
    60_000,
  );
});
