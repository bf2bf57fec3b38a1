import 'server-only';
import { timingSafeEqual } from 'node:crypto';
import type { AuthConfig, AuthMode } from './config';
import { needsRefresh, refresh } from './oidc';
import {
  cookieHeader,
  newSession,
  openSession,
  readCookie,
  SESSION_COOKIE,
  type Session,
  sealSession,
} from './session';

/** How calls to the API server are authenticated for this user. */
export type Credential =
  | { kind: 'server' } // local / none: the server's kubeconfig (its one user)
  | { kind: 'bearer'; token: string } // token and oidc modes
  | { kind: 'impersonate' }; // proxy mode: the server's account with Impersonate-* headers

/** The person behind a request. */
export interface RequestUser {
  /** Empty in local/none mode until the API server has said who the kubeconfig is. */
  username: string;
  groups: string[];
  mode: AuthMode;
}

export interface ResolvedRequest {
  user?: RequestUser;
  credential: Credential;
  session?: Session;
  /** Set-Cookie values to send back (a refreshed or new session). */
  setCookies: string[];
  /** Why there is no user (401). */
  reason?: string;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const splitGroups = (v: string | null) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

async function cookieFor(s: Session, cfg: AuthConfig): Promise<string> {
  return cookieHeader(SESSION_COOKIE, await sealSession(s, cfg.sessionTtl), {
    secure: cfg.secureCookies,
    maxAge: cfg.sessionTtl,
  });
}

/**
 * Who sent the request, per the authentication mode. Never throws for a missing or bad session:
 * that is a request without a user (401).
 */
export async function resolveRequest(headers: Headers, cfg: AuthConfig): Promise<ResolvedRequest> {
  const session = await openSession(readCookie(headers.get('cookie'), SESSION_COOKIE));
  const valid = session && session.mode === cfg.mode ? session : undefined;
  switch (cfg.mode) {
    case 'local':
    case 'none':
      return {
        user: { username: '', groups: [], mode: cfg.mode },
        credential: { kind: 'server' },
        ...(valid ? { session: valid } : {}),
        setCookies: [],
      };
    case 'token':
      if (!valid?.token)
        return { credential: { kind: 'server' }, setCookies: [], reason: 'log in with a token' };
      return {
        user: { ...valid.user, mode: cfg.mode },
        credential: { kind: 'bearer', token: valid.token },
        session: valid,
        setCookies: [],
      };
    case 'oidc': {
      if (!valid?.token || !cfg.oidc)
        return {
          credential: { kind: 'server' },
          setCookies: [],
          reason: 'log in with your identity provider',
        };
      let s = valid;
      const setCookies: string[] = [];
      if (needsRefresh(s.tokenExp)) {
        if (!s.refreshToken)
          return {
            credential: { kind: 'server' },
            setCookies: [],
            reason: 'the session expired: log in again',
          };
        try {
          const t = await refresh(cfg.oidc, s.refreshToken);
          s = {
            ...s,
            token: t.idToken,
            tokenExp: t.exp,
            ...(t.refreshToken ? { refreshToken: t.refreshToken } : {}),
          };
          setCookies.push(await cookieFor(s, cfg));
        } catch (e) {
          return {
            credential: { kind: 'server' },
            setCookies: [],
            reason: `the session could not be refreshed (${(e as Error).message}): log in again`,
          };
        }
      }
      return {
        user: { ...s.user, mode: cfg.mode },
        credential: { kind: 'bearer', token: s.token as string },
        session: s,
        setCookies,
      };
    }
    case 'proxy': {
      const p = cfg.proxy;
      if (!p)
        return { credential: { kind: 'server' }, setCookies: [], reason: 'proxy mode is not configured' };
      if (p.trust === 'secret') {
        const given = headers.get(p.secretHeader);
        if (!given || !p.secret || !sameSecret(given, p.secret))
          return {
            credential: { kind: 'server' },
            setCookies: [],
            reason: 'the request did not come through the authenticating proxy',
          };
      }
      const username = headers.get(p.userHeader)?.trim();
      if (!username)
        return {
          credential: { kind: 'server' },
          setCookies: [],
          reason: `the proxy sent no ${p.userHeader}`,
        };
      const user = { username, groups: splitGroups(headers.get(p.groupsHeader)) };
      const same =
        valid &&
        valid.user.username === user.username &&
        valid.user.groups.join('\n') === user.groups.join('\n');
      const s = same ? valid : newSession('proxy', user);
      return {
        user: { ...user, mode: cfg.mode },
        credential: { kind: 'impersonate' },
        session: s,
        setCookies: same ? [] : [await cookieFor(s, cfg)],
      };
    }
  }
}

export { cookieFor as sessionCookie };
