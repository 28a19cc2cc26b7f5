import { defineConfig } from 'vitest/config';

// Unit and integration tests only; Playwright owns e2e/*.spec.ts.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'tests/**/*.test.ts', 'bench/**/*.test.ts'],
    exclude: ['e2e/**', '**/node_modules/**', 'out/**'],
    environment: 'node',
    // Suites share loopback ports and spawn real CLIs; keep files serial on 2-core machines.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
