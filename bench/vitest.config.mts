import { defineConfig } from 'vitest/config';

// The bench's own unit tests (its arithmetic); the root config covers src/ and tests/ only.
// Run: npx vitest run --config bench/vitest.config.mts
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    environment: 'node',
  },
});
