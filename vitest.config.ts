import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Child processes, not worker threads: chDB (the embedded warehouse) crashes in worker threads.
    pool: 'forks',
    testTimeout: 60_000,
    // The first run downloads Kafka and the registry from Maven Central inside the global setup.
    hookTimeout: 180_000,
    // Teardown may stop the broker and registry (a clean Kafka shutdown takes a few seconds).
    teardownTimeout: 60_000,
    projects: [
      {
        extends: true,
        // Tests beside the sources: pure code, and chDB in a temporary folder; no Kafka.
        test: { name: 'unit', include: ['packages/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          // Starts (or finds) the local Kafka and schema registry; see test/support/stack.ts.
          globalSetup: ['test/setup/global-setup.ts'],
        },
      },
    ],
  },
});
