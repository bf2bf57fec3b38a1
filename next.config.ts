import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // client-node pulls in Node-only modules; keep it out of the bundler.
  serverExternalPackages: ['@kubernetes/client-node'],
  typedRoutes: false,
};

export default nextConfig;
