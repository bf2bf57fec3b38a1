import 'server-only';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { RecordSigner } from '../migrate';
import { canonicalJson } from '../migrate/token';
import { processWide } from '../model/process-wide';
import { hmac } from './keys';

/** How long a preview's confirmation can be used. */
export const CONFIRM_TTL_S = 10 * 60;

/** What a confirmation is bound to. */
export interface ConfirmClaims {
  /** The user who previewed (and alone may apply). */
  u: string;
  ns: string;
  /** Step id, or `rollback`. */
  step: string;
  /** SHA-256 of the exact changes (or of the record for a rollback). */
  d: string;
  /** The preview reported conflicts or dry-run errors: only the explicit force path accepts this. */
  f: boolean;
  /** SHA-256 of the exact ordered ids an enrolment rollback covers (absent for other confirmations). */
  r?: string;
  /** Expiry, epoch seconds. */
  exp: number;
  /** Single-use id. */
  n: string;
}

const Claims = z.object({
  u: z.string(),
  ns: z.string(),
  step: z.string(),
  d: z.string(),
  f: z.boolean(),
  r: z.string().optional(),
  exp: z.number(),
  n: z.string(),
});

/** SHA-256 (base64url) of a value's canonical JSON: equal content, equal digest. */
export function digestOf(v: unknown): string {
  return createHash('sha256').update(canonicalJson(v)).digest('base64url');
}

/** A signed, expiring, single-use confirmation: `<claims base64url>.<HMAC-SHA256>`. */
export function issueConfirmation(c: Omit<ConfirmClaims, 'exp' | 'n'>, nowS = Date.now() / 1000): string {
  const claims: ConfirmClaims = {
    ...c,
    exp: Math.floor(nowS) + CONFIRM_TTL_S,
    n: randomBytes(16).toString('base64url'),
  };
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${body}.${hmac('confirm', body)}`;
}

export type ConfirmCheck =
  | { ok: true; claims: ConfirmClaims }
  | { ok: false; status: 403 | 409; error: string };

const safeEqual = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Checks a confirmation's signature, expiry and binding (user, namespace, step, records, changes, force).
 * Single use is enforced separately, under the apply lock ({@link markUsed}).
 */
export function checkConfirmation(
  token: string,
  expect: { u: string; ns: string; step: string; d: string; force: boolean; r?: string },
  nowS = Date.now() / 1000,
): ConfirmCheck {
  const [body, sig] = token.split('.');
  if (!body || !sig || !safeEqual(sig, hmac('confirm', body)))
    return {
      ok: false,
      status: 403,
      error: 'the confirmation was not issued by this server: preview the step and confirm what it shows',
    };
  let claims: ConfirmClaims;
  try {
    const parsed = Claims.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    if (!parsed.success) throw new Error('bad claims');
    claims = parsed.data;
  } catch {
    return { ok: false, status: 403, error: 'the confirmation is malformed' };
  }
  if (claims.u !== expect.u)
    return { ok: false, status: 403, error: 'the confirmation was issued to another user' };
  if (claims.ns !== expect.ns || claims.step !== expect.step)
    return {
      ok: false,
      status: 403,
      error: `the confirmation is for ${claims.step} in ${claims.ns}, not ${expect.step} in ${expect.ns}`,
    };
  if (claims.r !== expect.r)
    return {
      ok: false,
      status: 403,
      error:
        'the confirmation is for other records: preview the rollback of these records and confirm what it shows',
    };
  if (claims.exp <= nowS) return { ok: false, status: 409, error: 'the confirmation expired: preview again' };
  if (claims.f && !expect.force)
    return {
      ok: false,
      status: 409,
      error:
        'the preview reported conflicts or dry-run errors: this confirmation is accepted only by the explicit force path',
    };
  if (claims.d !== expect.d)
    return {
      ok: false,
      status: 409,
      error: 'the changes are no longer what the preview showed: preview again',
    };
  return { ok: true, claims };
}

const usedConfirmations = processWide('confirm:used', () => new Map<string, number>());

/**
 * Marks a confirmation used in this process; false when it already was. Across replicas the
 * apply lock's Lease carries the used ids too (see lock.ts).
 */
export function markUsed(n: string, exp: number, nowS = Date.now() / 1000): boolean {
  const used = usedConfirmations;
  for (const [k, e] of used) if (e <= nowS) used.delete(k);
  if (used.has(n)) return false;
  used.set(n, exp);
  return true;
}

/** Signs records with the server key (HMAC-SHA256), so replicas sharing MESH_MIGRATOR_SECRET trust each other's. */
export const recordSigner: RecordSigner = {
  sign: (input) => hmac('record', input),
  verify: (input, signature) => safeEqual(signature, hmac('record', input)),
};
