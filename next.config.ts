import type { NextConfig } from 'next';
import { securityHeaders } from './lib/server/guards';

const nextConfig: NextConfig = {
  // A self-contained server (`.next/standalone/server.js`): what the image runs, and what
  // `npm start` and the end-to-end tests run too, so the image's code path is the tested one.
  output: 'standalone',
  // The demo cluster reads its scenario files at run time.
  outputFileTracingIncludes: { '/**': ['./scenarios/**/*'] },
  typedRoutes: false,
  // `npm test` runs tsc and Biome itself; the build does not repeat them.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  // Route modules load on their first request instead of all at start: at start the event loop
  // reads the cluster (a large platform's lists) rather than every page's code.
  experimental: { preloadEntriesOnStart: false },
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders(process.env.NODE_ENV === 'development') }];
  },
};

export default nextConfig;
