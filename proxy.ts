import { type NextRequest, NextResponse } from 'next/server';
import { authConfig } from './lib/auth/config';
import { checkHost } from './lib/server/guards';

const PROBES = new Set(['/api/health', '/api/ready']);

/**
 * Every request, pages included, must name a Host the server serves: a DNS-rebinding page that
 * reaches this server under its own name gets 403 before anything is rendered.
 */
export function proxy(req: NextRequest) {
  // The kubelet's probes name the pod's IP; they read nothing but "alive" and "ready".
  if (PROBES.has(req.nextUrl.pathname)) return NextResponse.next();
  let policy: { allowedHosts: string[]; loopback: boolean };
  try {
    const cfg = authConfig(process.env, process.argv);
    policy = { allowedHosts: cfg.allowedHosts, loopback: cfg.loopback };
  } catch (e) {
    return NextResponse.json({ error: (e as Error).message }, { status: 503 });
  }
  const refusal = checkHost(req.headers.get('host'), policy);
  if (refusal) return NextResponse.json({ error: refusal.error }, { status: refusal.status });
  return NextResponse.next();
}

export const config = { matcher: '/:path*' };
