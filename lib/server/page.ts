import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { type RequestContext, requestContext } from './context';

/**
 * The context of a page render: the same user and view of the cluster as the API routes. Without
 * a session the page leads to the login.
 */
export async function pageContext(path = '/'): Promise<RequestContext> {
  const h = new Headers(await headers());
  const built = await requestContext(h);
  if (built.ok) return built.ctx;
  if (built.status === 401) redirect(`/login?returnTo=${encodeURIComponent(path)}`);
  throw new Error(built.error);
}

/** Like pageContext, but undefined instead of a redirect (the layout renders the login page bare). */
export async function optionalPageContext(): Promise<RequestContext | undefined> {
  const built = await requestContext(new Headers(await headers()));
  return built.ok ? built.ctx : undefined;
}
