import { z } from 'zod';
import { STEP_IDS } from '../migrate/types';

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

export const GatewayClassParam = z.string().regex(NAME).default('istio');

/** Bodies of the migration actions, validated at the trust boundary. */
export const PreviewBody = z.object({ step: z.enum(STEP_IDS), gatewayClass: GatewayClassParam });
export const ApplyBody = z.object({
  step: z.enum(STEP_IDS),
  gatewayClass: GatewayClassParam,
  confirm: z.string().min(1, 'a confirmation is required: preview the step first'),
  force: z.boolean().optional(),
});
const RecordId = z.string().regex(/^[a-z0-9-.]+\/[a-z0-9-.]+$/, 'recordId is <namespace>/<name>');
export const RollbackPreviewBody = z.object({ recordId: RecordId });
export const RollbackBody = z.object({
  recordId: RecordId,
  confirm: z.string().min(1, 'a confirmation is required: preview the rollback first'),
});

/** YAML to apply to the demo cluster, sent as JSON like every other write. */
export const DemoApplyBody = z.object({ yaml: z.string().min(1, 'yaml is required') });
