import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = {
  '@': import.meta.dirname,
  'server-only': path.resolve(import.meta.dirname, 'test/server-only-stub.ts'),
};
export default defineConfig({
  resolve: { alias },
  test: {
    include: ['test/integration/helm.test.ts', 'test/integration/replicas.test.ts'],
    globalSetup: ['/tmp/gs-cluster-only.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
