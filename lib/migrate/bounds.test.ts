import { describe, expect, it } from 'vitest';
import { rollbackBoundsProblems, stepMayWrite } from './bounds';
import type { MigrationRecord, PriorState, RecordChange } from './records';
import type { StepId, TargetRef } from './types';

function change(target: TargetRef): RecordChange {
  const ref = `${target.kind}/${target.namespace ? `${target.namespace}/` : ''}${target.name}`;
  return { action: 'patch', ref, target, change: 'update', status: 'done' };
}
function prior(target: TargetRef, object?: Record<string, unknown>): PriorState {
  const ref = `${target.kind}/${target.namespace ? `${target.namespace}/` : ''}${target.name}`;
  return { ref, target, existed: true, ...(object ? { object: object as PriorState['object'] } : {}) };
}
function record(step: StepId, targets: TargetRef[], ns = 'bookinfo'): MigrationRecord {
  return {
    id: `${ns}/mesh-migrator-record-${step}-0001`,
    namespace: ns,
    step,
    seq: 1,
    who: 'alice',
    when: '2026-01-01T00:00:00Z',
    status: 'applied',
    confirm: 'x',
    changes: targets.map(change),
    prior: targets.map((t) => prior(t)),
  };
}

const nsTarget: TargetRef = { apiVersion: 'v1', kind: 'Namespace', name: 'bookinfo' };
const deploy = (ns: string): TargetRef => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  namespace: ns,
  name: 'api',
});

describe('stepMayWrite', () => {
  it.each([
    ['enable-ambient', nsTarget, true],
    ['enable-ambient', { apiVersion: 'v1', kind: 'Secret', namespace: 'bookinfo', name: 's' }, false],
    ['create-routes', { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', name: 'r' }, true],
    ['create-routes', { apiVersion: 'v1', kind: 'Service', name: 'r' }, true],
    ['create-routes', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', name: 'r' }, false],
    ['restart-workloads', deploy('bookinfo'), true],
    ['restart-workloads', { apiVersion: 'v1', kind: 'Service', name: 'x' }, false],
    ['verify', nsTarget, false],
  ] as const)('%s may write %j: %s', (step, target, ok) => {
    expect(stepMayWrite(step, target)).toBe(ok);
  });
});

describe('rollbackBoundsProblems', () => {
  it('accepts a record that stays in its namespace and step', () => {
    expect(
      rollbackBoundsProblems(record('remove-injection', [nsTarget, deploy('bookinfo')]), 'bookinfo'),
    ).toEqual([]);
  });

  it('refuses a target in another namespace', () => {
    const p = rollbackBoundsProblems(record('restart-workloads', [deploy('team-d')]), 'bookinfo');
    expect(p.join('\n')).toMatch(/Deployment\/team-d\/api is outside namespace bookinfo/);
  });

  it('refuses another Namespace object', () => {
    const other: TargetRef = { apiVersion: 'v1', kind: 'Namespace', name: 'shop' };
    expect(rollbackBoundsProblems(record('enable-ambient', [other]), 'bookinfo').join('\n')).toMatch(
      /outside/,
    );
  });

  it('refuses a kind the step never writes', () => {
    const svc: TargetRef = { apiVersion: 'v1', kind: 'Service', namespace: 'bookinfo', name: 'victim' };
    expect(rollbackBoundsProblems(record('enable-ambient', [svc]), 'bookinfo').join('\n')).toMatch(
      /step enable-ambient never writes v1 Service/,
    );
  });

  it('refuses a record stored in one namespace that claims another', () => {
    const r = record('enable-ambient', [nsTarget]);
    expect(rollbackBoundsProblems(r, 'shop').join('\n')).toMatch(/stored in "shop"/);
  });

  it('refuses a prior object that is not its target (recreating something else)', () => {
    const r = record('cleanup', [
      { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', namespace: 'bookinfo', name: 'vs' },
    ]);
    r.prior[0] = {
      ...(r.prior[0] as PriorState),
      object: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'victim', namespace: 'shop' } },
    };
    const p = rollbackBoundsProblems(r, 'bookinfo').join('\n');
    expect(p).toMatch(/Service\/shop\/victim is outside/);
    expect(p).toMatch(/is not VirtualService\/bookinfo\/vs/);
  });

  it('refuses prior states that do not line up with the changes', () => {
    const r = record('enable-ambient', [nsTarget]);
    r.prior = [];
    expect(rollbackBoundsProblems(r, 'bookinfo').join('\n')).toMatch(/1 change\(s\) but 0 prior/);
  });
});

describe('the ReferenceGrant a namespace’s routes need elsewhere', () => {
  const grant = (ns: string, name: string): TargetRef => ({
    apiVersion: 'gateway.networking.k8s.io/v1beta1',
    kind: 'ReferenceGrant',
    namespace: ns,
    name,
  });
  it('is within bounds of create-routes when named after the namespace', () => {
    expect(
      rollbackBoundsProblems(
        record('create-routes', [grant('istio-system', 'mesh-migrator-bookinfo-certificates')]),
        'bookinfo',
      ),
    ).toEqual([]);
  });
  it('is not when named after another namespace, or for another step', () => {
    expect(
      rollbackBoundsProblems(
        record('create-routes', [grant('istio-system', 'mesh-migrator-shop-certificates')]),
        'bookinfo',
      ),
    ).not.toEqual([]);
    expect(
      rollbackBoundsProblems(
        record('cleanup', [grant('istio-system', 'mesh-migrator-bookinfo-certificates')]),
        'bookinfo',
      ),
    ).not.toEqual([]);
  });
});
