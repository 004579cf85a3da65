import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['scripts/**/*.test.ts', 'src/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // e2e tests start a server and a browser; keep files in separate workers but not too many on 2 cores
    maxWorkers: 2,
  },
});
