import 'server-only';
import type { ClusterSource } from '../cluster/source';
import {
  applyEnrolment,
  type EnrolOptions,
  enrolRefusal,
  type MigrationPlan,
  type TrafficBaseline,
} from '../migrate';
import type { EnrolEvent } from '../views/enrol-events';
import { currentPlan } from './migration';
import { clusterBaseline } from './traffic';

/** The plans of the namespaces to enrol, computed now (preview and apply compute them the same way). */
export function enrolPlans(
  source: ClusterSource,
  namespaces: readonly string[],
  gatewayClass: string,
): MigrationPlan[] {
  return namespaces.map((ns) => currentPlan(source, ns, gatewayClass));
}

/**
 * Runs an enrolment whose refusal was checked, streaming each step's progress as NDJSON: the
 * traffic baseline per namespace first, then each step as it starts and ends, then the result.
 */
export function enrolStream(
  source: ClusterSource,
  plans: MigrationPlan[],
  confirm: string,
  opts: { step?: EnrolOptions['step']; done?: () => Promise<void> } = {},
): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    async start(controller) {
      const send = (e: EnrolEvent) => controller.enqueue(enc.encode(`${JSON.stringify(e)}\n`));
      try {
        const traffic: Record<string, TrafficBaseline> = {};
        for (const p of plans) {
          traffic[p.namespace] = await clusterBaseline(source, p.namespace);
          send({
            type: 'traffic',
            namespace: p.namespace,
            baseline: traffic[p.namespace] as TrafficBaseline,
          });
        }
        const result = await applyEnrolment(source, plans, {
          confirm,
          traffic,
          ...(opts.step ? { step: opts.step } : {}),
          onProgress: (p) => send({ type: 'progress', ...p }),
        });
        send({ type: 'result', result });
      } catch (e) {
        send({
          type: 'result',
          result: {
            status: 'failed',
            namespaces: plans.map((p) => p.namespace),
            steps: [],
            recordIds: [],
            error: (e as Error).message,
          },
        });
      } finally {
        await opts.done?.();
        controller.close();
      }
    },
  });
}

export { enrolRefusal };
