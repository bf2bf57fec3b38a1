import { z } from 'zod';
import { TARGETS } from '../convert/targets/types';
import { STEP_IDS } from '../migrate/types';

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

export const GatewayClassParam = z.string().regex(NAME).default('istio');
/** Gateway API implementation the plan's Ingress step converts for. */
export const TargetParam = z.enum(TARGETS).default('istio');

/** Bodies of the migration actions, validated at the trust boundary. */
export const PreviewBody = z.object({
  step: z.enum(STEP_IDS),
  gatewayClass: GatewayClassParam,
  target: TargetParam,
});
export const ApplyBody = z.object({
  step: z.enum(STEP_IDS),
  gatewayClass: GatewayClassParam,
  target: TargetParam,
  confirm: z.string().min(1, 'a confirmation is required: preview the step first'),
  force: z.boolean().optional(),
});
export const RollbackBody = z.object({
  recordId: z.string().regex(/^[a-z0-9-.]+\/[a-z0-9-.]+$/, 'recordId is <namespace>/<name>'),
});

/** YAML to apply to the demo cluster, sent as JSON like every other write. */
export const DemoApplyBody = z.object({ yaml: z.string().min(1, 'yaml is required') });
