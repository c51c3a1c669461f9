import { defineConfig } from 'vitest/config';

// Lambdas run Node 24 on AWS; locally Node 20 is supported, so the SDK's reminder is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export default defineConfig({
  test: {
    reporters: ['default', './test/setup/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'shared/**/*.test.ts',
            'functions/**/*.test.ts',
            'infra/**/*.test.ts',
            'web/lambda/**/*.test.ts',
            'web/src/lib/**/*.test.ts',
            'test/bench/**/*.test.ts',
            'test/repo/**/*.test.ts',
          ],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/setup/dynamodb-local.ts'],
          setupFiles: ['test/setup/contract.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 90_000,
          // Starting DynamoDB Local, seeding and signing people in on a loaded 2-core machine.
          hookTimeout: 180_000,
          // One local stack and one Chromium at a time is what two cores can carry.
          fileParallelism: false,
        },
      },
    ],
  },
});
