import 'server-only';
import type { NextResponse } from 'next/server';
import { checkAccess, type EnrolRollbackPreview, previewEnrolmentRollback } from '../migrate';
import { digestOf, recordSigner } from './confirm';
import type { RequestContext } from './context';
import { refuse } from './handler';

/** The step a confirmation of an enrolment rollback names. */
export const ENROL_ROLLBACK_STEP = 'enrol-rollback';

/** The namespaces of record ids (`<namespace>/<name>`), each once, in order. */
export function recordNamespaces(recordIds: readonly string[]): string[] {
  return [...new Set(recordIds.map((id) => id.split('/')[0] ?? ''))];
}

/**
 * What the confirmation of an enrolment rollback is bound to besides the user: the namespaces, the
 * exact ordered record ids, and the digest of what the preview read (records as stored, live objects).
 */
export function enrolRollbackBinding(
  recordIds: readonly string[],
  preview: Pick<EnrolRollbackPreview, 'bound'>,
) {
  return {
    ns: recordNamespaces(recordIds).join(','),
    step: ENROL_ROLLBACK_STEP,
    r: digestOf(recordIds),
    d: digestOf(preview.bound),
  };
}

/** The part of a preview the user sees (what the confirmation is bound to stays on the server). */
export function rollbackView(p: EnrolRollbackPreview) {
  return { records: p.records };
}

const STATUS = { missing: 404, done: 409, untrusted: 403, bounds: 403 } as const;

/**
 * Reads an enrolment rollback as the user and checks it as the rollback will: every record present,
 * signed by this server and within its namespace and step, and the user allowed every write it
 * makes. The preview, or the 4xx refusal with the reason.
 */
export async function checkedEnrolRollback(
  ctx: RequestContext,
  recordIds: readonly string[],
): Promise<{ ok: true; preview: EnrolRollbackPreview } | { ok: false; res: NextResponse }> {
  const preview = await previewEnrolmentRollback(ctx.writer, recordIds, { signer: recordSigner });
  if (preview.refused)
    return {
      ok: false,
      res: refuse(
        { status: STATUS[preview.refused.kind], error: preview.refused.message },
        rollbackView(preview),
      ),
    };
  const perms = await checkAccess(ctx.writer, preview.access);
  if (!perms.allowed)
    return {
      ok: false,
      res: refuse(
        {
          status: 403,
          error: `you may not roll back this enrolment: ${perms.missing.map((m) => `${m.verb} ${m.resource}${m.namespace ? ` in ${m.namespace}` : ''}`).join(', ')}`,
        },
        { missing: perms.missing },
      ),
    };
  return { ok: true, preview };
}
