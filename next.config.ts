import type { NextConfig } from 'next';
import { securityHeaders } from './lib/server/guards';

const nextConfig: NextConfig = {
  // client-node pulls in Node-only modules; keep it out of the bundler.
  serverExternalPackages: ['@kubernetes/client-node'],
  typedRoutes: false,
  // `npm test` runs tsc and Biome itself; the build does not repeat them.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders(process.env.NODE_ENV === 'development') }];
  },
};

export default nextConfig;
