import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sourceFromFlags } from './connect';
import { UsageError } from './io';

describe('sourceFromFlags without any kubeconfig', () => {
  const saved = { HOME: process.env.HOME, KUBECONFIG: process.env.KUBECONFIG };
  beforeEach(async () => {
    process.env.HOME = await mkdtemp(path.join(tmpdir(), 'mm-home-'));
    process.env.KUBECONFIG = path.join(process.env.HOME, 'missing');
  });
  afterEach(() => {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  });

  it.each([
    [{}, 'no kubeconfig found (KUBECONFIG, ~/.kube/config or in-cluster); use --from-files PATH or --demo'],
    [
      { context: 'prod' },
      'no kubeconfig found (KUBECONFIG, ~/.kube/config or in-cluster) to take context "prod" from; use --from-files PATH or --demo',
    ],
  ])('%j: says there is none (not a context missing from a made-up one)', (flags, message) => {
    expect(() => sourceFromFlags(flags)).toThrow(UsageError);
    expect(() => sourceFromFlags(flags)).toThrow(message);
  });
});
