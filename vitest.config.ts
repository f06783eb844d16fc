import { defineConfig } from 'vitest/config';

// Unit tests (test/lib) load src/ plainly; build-output tests (test/dist) read
// the dist/ that `npm test` builds first; e2e tests start real servers.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
