import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bearerKubeConfig } from './credentials';
import { compressionDisabled, declaresNoCompression, loadKubeConfig } from './kubeconfig';

/** A kubeconfig whose clusters are `name → extra cluster fields`, its first cluster current. */
function kubeconfig(clusters: Record<string, Record<string, unknown>>): string {
  const names = Object.keys(clusters);
  const lines = ['apiVersion: v1', 'kind: Config', 'clusters:'];
  for (const [name, fields] of Object.entries(clusters)) {
    lines.push(`- name: ${name}`, '  cluster:', `    server: https://${name}.example.com:6443`);
    for (const [k, v] of Object.entries(fields)) lines.push(`    ${k}: ${JSON.stringify(v)}`);
  }
  lines.push('users:', '- name: u', '  user:', '    token: t', 'contexts:');
  for (const name of names)
    lines.push(`- name: ${name}`, '  context:', `    cluster: ${name}`, '    user: u');
  lines.push(`current-context: ${names[0]}`);
  return `${lines.join('\n')}\n`;
}

describe('disable-compression in the kubeconfig', () => {
  let dir: string;
  let prior: string | undefined;
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mm-kubeconfig-'));
    prior = process.env.KUBECONFIG;
  });
  afterEach(() => {
    if (prior === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = prior;
    rmSync(dir, { recursive: true, force: true });
  });

  it('is read for the current cluster of the loaded kubeconfig, and kept by a bearer-token copy', () => {
    process.env.KUBECONFIG = file('a', kubeconfig({ fast: { 'disable-compression': true }, slow: {} }));
    const fast = loadKubeConfig();
    expect(fast.getCurrentCluster()?.name).toBe('fast');
    expect(compressionDisabled(fast)).toBe(true);
    expect(compressionDisabled(bearerKubeConfig(fast, 'user-token'))).toBe(true);
    expect(compressionDisabled(loadKubeConfig('slow'))).toBe(false);
  });

  it('takes the first file that defines the cluster, and skips files it cannot read', () => {
    const on = file('on', kubeconfig({ c: { 'disable-compression': true } }));
    const off = file('off', kubeconfig({ c: { 'disable-compression': false } }));
    const broken = file('broken', 'clusters: [: not yaml');
    process.env.KUBECONFIG = on;
    const kc = loadKubeConfig();
    expect(declaresNoCompression([broken, path.join(dir, 'missing'), on, off], kc)).toBe(true);
    expect(declaresNoCompression([off, on], kc)).toBe(false);
    expect(
      declaresNoCompression([file('string', kubeconfig({ c: { 'disable-compression': 'true' } }))], kc),
    ).toBe(false);
  });
});
