'use client';

import { useEffect, useState } from 'react';
import { resetCsrf } from '@/lib/client/fetch';

/** The login page: paste a Kubernetes token (token mode) or go to the identity provider (oidc mode). */
export function LoginForm({ mode, returnTo }: { mode: string; returnTo: string }) {
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  // The button waits for the page's script (a form sent without it would put the token in the URL);
  // the token is read from the field at submit, so what was pasted before then is kept.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const token = String(new FormData(e.currentTarget).get('token') ?? '').trim();
    if (!token) {
      setError('paste a token first');
      return;
    }
    setPending(true);
    setError(undefined);
    try {
      const res = await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      });
      if (!res.ok) {
        setError(((await res.json().catch(() => ({}))) as { error?: string }).error ?? `HTTP ${res.status}`);
        return;
      }
      resetCsrf();
      window.location.assign(returnTo);
    } finally {
      setPending(false);
    }
  };

  return (
    <main className="mx-auto mt-24 max-w-md rounded border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="text-xl font-semibold">Mesh Migrator</h1>
      {mode === 'token' && (
        <form onSubmit={submit} method="post" className="mt-6 space-y-4">
          <label className="block text-sm">
            <span className="font-medium">Kubernetes bearer token</span>
            <textarea
              name="token"
              className="mt-1 block h-28 w-full rounded border border-slate-300 p-2 font-mono text-xs"
              autoComplete="off"
              spellCheck={false}
              required
            />
          </label>
          <p className="text-xs text-slate-500">
            Every change is sent to the API server with this token, so it is you who acts. The token is kept
            only in an encrypted, HttpOnly session cookie. Get one with{' '}
            <code>kubectl create token &lt;service-account&gt;</code> or from your cluster's login.
          </p>
          {error && (
            <p role="alert" className="text-sm text-red-700">
              {error}
            </p>
          )}
          <button
            type="submit"
            disabled={!ready || pending}
            className="rounded bg-slate-900 px-4 py-2 text-sm font-medium text-white disabled:opacity-50"
          >
            Log in
          </button>
        </form>
      )}
      {mode === 'oidc' && (
        <div className="mt-6 space-y-4">
          <p className="text-sm text-slate-600">Log in with your organisation's identity provider.</p>
          <a
            href={`/api/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}`}
            className="inline-block rounded bg-slate-900 px-4 py-2 text-sm font-medium text-white"
          >
            Log in with single sign-on
          </a>
        </div>
      )}
      {mode !== 'token' && mode !== 'oidc' && (
        <p className="mt-6 text-sm text-slate-600">
          This server does not use a login page (MESH_MIGRATOR_AUTH={mode}).{' '}
          {mode === 'proxy' && 'Open it through the authenticating proxy.'}
        </p>
      )}
    </main>
  );
}
