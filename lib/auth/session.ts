import 'server-only';
import { randomBytes } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';
import { z } from 'zod';
import { keyFor } from '../server/keys';
import type { AuthMode } from './config';

/** The session cookie: encrypted (A256GCM), HttpOnly, SameSite=Strict, Secure unless on loopback. */
export const SESSION_COOKIE = 'mm_session';
/** Short-lived cookie holding the OIDC state, nonce and PKCE verifier between start and callback. */
export const OIDC_COOKIE = 'mm_oidc';

const SessionSchema = z.object({
  mode: z.enum(['local', 'none', 'token', 'oidc', 'proxy']),
  user: z.object({ username: z.string(), groups: z.array(z.string()) }),
  /** Bearer token towards the API server (token mode: the pasted token; oidc: the ID token). */
  token: z.string().optional(),
  /** When `token` expires (epoch seconds), if known. */
  tokenExp: z.number().optional(),
  refreshToken: z.string().optional(),
  /** Checked against the `x-csrf-token` header of every write. */
  csrf: z.string(),
  /** Writes off for this session (the server policy MESH_MIGRATOR_READ_ONLY is separate and wins). */
  readOnly: z.boolean(),
  /** Local mode: the kubeconfig context (or `demo`) this session looks at. */
  source: z.string().optional(),
});

export type Session = z.infer<typeof SessionSchema>;

export function newCsrf(): string {
  return randomBytes(24).toString('base64url');
}

export function newSession(mode: AuthMode, user: Session['user'], extra: Partial<Session> = {}): Session {
  return { mode, user, csrf: newCsrf(), readOnly: false, ...extra };
}

/** Seals a session into the cookie value; it expires after `ttlSeconds`. */
export async function sealSession(s: Session, ttlSeconds: number): Promise<string> {
  return new EncryptJWT({ s })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt()
    .setExpirationTime(`${Math.floor(ttlSeconds)}s`)
    .encrypt(keyFor('session'));
}

/** Opens a cookie value; undefined when it is missing, expired, altered or sealed with another key. */
export async function openSession(value: string | undefined): Promise<Session | undefined> {
  if (!value) return undefined;
  try {
    const { payload } = await jwtDecrypt(value, keyFor('session'));
    const parsed = SessionSchema.safeParse(payload.s);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Seals any small JSON value (OIDC transaction state) the same way. */
export async function sealValue(v: Record<string, unknown>, ttlSeconds: number): Promise<string> {
  return new EncryptJWT({ v })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt()
    .setExpirationTime(`${Math.floor(ttlSeconds)}s`)
    .encrypt(keyFor('session'));
}

export async function openValue(value: string | undefined): Promise<Record<string, unknown> | undefined> {
  if (!value) return undefined;
  try {
    const { payload } = await jwtDecrypt(value, keyFor('session'));
    return typeof payload.v === 'object' && payload.v !== null
      ? (payload.v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export interface CookieOptions {
  secure: boolean;
  maxAge: number;
  /** Strict unless the cookie must come back on the provider's cross-site redirect (the OIDC transaction). */
  sameSite?: 'Strict' | 'Lax';
}

/** Set-Cookie value for a cookie of this app: HttpOnly, SameSite=Strict, Path=/. */
export function cookieHeader(name: string, value: string, o: CookieOptions): string {
  const parts = [
    `${name}=${value}`,
    'Path=/',
    'HttpOnly',
    `SameSite=${o.sameSite ?? 'Strict'}`,
    `Max-Age=${Math.floor(o.maxAge)}`,
  ];
  if (o.secure) parts.push('Secure');
  return parts.join('; ');
}

export function clearCookieHeader(name: string, secure: boolean): string {
  return cookieHeader(name, '', { secure, maxAge: 0 });
}

/** The value of one cookie from a Cookie header. */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}
