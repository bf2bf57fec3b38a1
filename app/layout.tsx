import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { ClusterHeader } from '@/components/shell/cluster-header';
import { Nav } from '@/components/shell/nav';
import { Providers } from '@/components/shell/providers';
import './globals.css';

export const metadata: Metadata = {
  title: 'Mesh Migrator',
  description: 'Move from Istio sidecars to ambient mode and the Gateway API',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="bg-slate-50 text-slate-900 antialiased">
        <Providers>
          <div className="flex h-full min-h-screen">
            <aside className="w-52 shrink-0 bg-slate-900">
              <div className="px-6 py-4 text-base font-semibold text-white">Mesh Migrator</div>
              <Nav />
            </aside>
            <div className="flex min-w-0 flex-1 flex-col">
              <ClusterHeader />
              <main className="min-w-0 flex-1 p-6">{children}</main>
            </div>
          </div>
        </Providers>
      </body>
    </html>
  );
}
