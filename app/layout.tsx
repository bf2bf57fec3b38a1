import { HydrationBoundary } from '@tanstack/react-query';
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { ClusterHeader } from '@/components/shell/cluster-header';
import { Nav } from '@/components/shell/nav';
import { Providers } from '@/components/shell/providers';
import { clusterKeys } from '@/lib/client/keys';
import { dehydrated } from '@/lib/server/hydrate';
import { optionalPageContext } from '@/lib/server/page';
import { clusterStatus } from '@/lib/server/status';
import './globals.css';

export const metadata: Metadata = {
  title: 'Mesh Migrator',
  description: 'Move from Istio sidecars to ambient mode and the Gateway API',
};

// Every page shows live cluster state: never prerender at build time.
export const dynamic = 'force-dynamic';

export default async function RootLayout({ children }: { children: ReactNode }) {
  const ctx = await optionalPageContext();
  // Without a user (token and OIDC modes before login) pages lead to the login, shown without the shell.
  if (!ctx)
    return (
      <html lang="en">
        <body className="bg-slate-50 text-slate-900 antialiased">{children}</body>
      </html>
    );
  const status = await clusterStatus(ctx);
  return (
    <html lang="en">
      <body className="bg-slate-50 text-slate-900 antialiased">
        <Providers>
          <HydrationBoundary state={dehydrated([[clusterKeys.status(), status]])}>
            <div className="flex min-h-screen">
              <aside className="w-52 shrink-0 bg-slate-900">
                <div className="px-6 py-4 text-base font-semibold text-white">Mesh Migrator</div>
                <Nav />
              </aside>
              <div className="flex min-w-0 flex-1 flex-col">
                <ClusterHeader />
                <main className="min-w-0 flex-1 p-6">{children}</main>
              </div>
            </div>
          </HydrationBoundary>
        </Providers>
      </body>
    </html>
  );
}
