import { defineConfig } from 'vitest/config';

// One suite: unit and integration tests next to the code, browser end-to-end tests in e2e/.
// DB tests use the `forks` pool: better-sqlite3 is a native module and each fork gets its own.
export default defineConfig({
  test: {
    include: [
      'electron/**/*.test.ts',
      'shared/**/*.test.ts',
      'renderer/**/*.test.{ts,tsx}',
      'scripts/**/*.test.ts',
      'test-peers/**/*.test.ts',
      'e2e/**/*.e2e.test.ts',
    ],
    // Builds the renderer once for every browser test file (e2e/*.e2e.test.ts).
    globalSetup: ['e2e/global-setup.ts'],
    setupFiles: ['vitest.setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The JSON report lets .ci/run print a plain 'N passed, N failed' closing line.
    reporters: ['default', ['json', { outputFile: 'test-artifacts/vitest-report.json' }]],
    unstubEnvs: true,
  },
});
