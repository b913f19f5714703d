import { defineConfig } from 'vitest/config';

// One vitest run for the whole monorepo: packages resolve each other's TypeScript source through
// the '@toolloop/source' export condition, so tests never need a build first.
export default defineConfig({
  resolve: { conditions: ['@toolloop/source'] },
  ssr: { resolve: { conditions: ['@toolloop/source'] } },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'examples/*/**/*.test.ts',
      'bench/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Stops a redis-server that this run started (see the file).
    globalSetup: ['scripts/vitest-global-setup.ts'],
  },
});
