import { z } from 'zod';
import { TARGETS } from '../convert/targets/types';
import { STEP_IDS } from '../migrate/types';

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

export const GatewayClassParam = z.string().regex(NAME).default('istio');
/** How converted Gateways keep their certificates (see docs/platform.md). */
export const CertificatesParam = z.enum(['reference-grant', 'cert-manager']).default('reference-grant');
/** Gateway API implementation the plan's Ingress step converts for. */
export const TargetParam = z.enum(TARGETS).default('istio');

/** A confirmation from a preview: the same reason whether it is missing or empty. */
const Confirm = (reason: string) => z.string({ error: reason }).min(1, reason);

/** Bodies of the migration actions, validated at the trust boundary. */
export const PreviewBody = z.object({
  step: z.enum(STEP_IDS),
  gatewayClass: GatewayClassParam,
  certificates: CertificatesParam,
  target: TargetParam,
});
/** What a step's preview and apply both name: the step and the options its plan is made with. */
export type StepParams = z.infer<typeof PreviewBody>;
export const ApplyBody = PreviewBody.extend({
  confirm: Confirm('a confirmation is required: preview the step first'),
  force: z.boolean().optional(),
});
const RecordId = z.string().regex(/^[a-z0-9-.]+\/[a-z0-9-.]+$/, 'recordId is <namespace>/<name>');
export const RollbackPreviewBody = z.object({ recordId: RecordId });
export const RollbackBody = z.object({
  recordId: RecordId,
  confirm: Confirm('a confirmation is required: preview the rollback first'),
});

const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const Namespaces = z
  .array(z.string().regex(NAMESPACE, 'namespace must be a DNS label').max(63))
  .min(1, 'at least one namespace')
  .max(100, 'at most 100 namespaces at once')
  .refine((ns) => new Set(ns).size === ns.length, 'each namespace once');

/** Bodies of one-click enrolment (one namespace, or a wave). */
export const EnrolPreviewBody = z.object({ namespaces: Namespaces, gatewayClass: GatewayClassParam });
export const EnrolApplyBody = EnrolPreviewBody.extend({
  confirm: Confirm('a confirmation is required: preview the enrolment first'),
});
/** The records of an enrolment (or a wave) to roll back, each once; the preview and the rollback name the same. */
export const EnrolRollbackPreviewBody = z.object({
  recordIds: z
    .array(RecordId)
    .min(1, 'at least one record')
    .max(2000)
    .refine((ids) => new Set(ids).size === ids.length, 'recordIds must not repeat'),
});
export const EnrolRollbackBody = EnrolRollbackPreviewBody.extend({
  confirm: Confirm('a confirmation is required: preview the rollback first'),
});

/** YAML to apply to the demo cluster, sent as JSON like every other write. */
export const DemoApplyBody = z.object({ yaml: z.string().min(1, 'yaml is required') });
